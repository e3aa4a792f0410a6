using Microsoft.Extensions.Configuration;

namespace Monitoring.WebConsole;

/// <summary>Section <c>Monitoring:Console</c>: what the page needs to know that is not in the API.</summary>
/// <param name="TileUrl">Map tile URL template with <c>{z}</c>, <c>{x}</c>, <c>{y}</c> (and optionally <c>{s}</c>); empty: tracks draw on a plain coordinate canvas.</param>
/// <param name="TileAttribution">Text shown in the map's corner (the tile provider's terms usually require one).</param>
/// <param name="TileSubdomains">Letters that replace <c>{s}</c>, e.g. <c>abc</c>.</param>
/// <param name="TileMaxZoom">Highest zoom level the tile server has.</param>
public sealed record ConsoleOptions(string TileUrl, string TileAttribution, string TileSubdomains, int TileMaxZoom)
{
    public const string SectionName = "Monitoring:Console";

    public static ConsoleOptions Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(SectionName);
        return new ConsoleOptions(
            (section["TileUrl"] ?? "").Trim(),
            section["TileAttribution"] ?? "",
            section["TileSubdomains"] ?? "abc",
            section.GetValue("TileMaxZoom", 18));
    }

    /// <summary>
    /// The tile server's origin as a Content-Security-Policy source (<c>{s}</c> becomes <c>*</c>), or null when there
    /// is no tile URL or it is relative (served by this host).
    /// </summary>
    public string? TileSource()
    {
        int scheme = TileUrl.IndexOf("://", StringComparison.Ordinal);
        if (scheme <= 0)
        {
            return null;
        }

        int path = TileUrl.IndexOf('/', scheme + 3);
        string origin = path < 0 ? TileUrl : TileUrl[..path];
        origin = origin.Replace("{s}", "*", StringComparison.Ordinal);
        // Anything else in braces (a {key} placeholder in the host) or a character CSP would read as a separator: no policy entry.
        return origin.AsSpan(scheme + 3).IndexOfAny("{} ;,'\"") >= 0 ? null : origin;
    }
}

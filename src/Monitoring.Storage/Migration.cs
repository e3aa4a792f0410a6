using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Monitoring.Storage;

/// <summary>
/// One embedded SQL file <c>NNNN_name[.plain|.timescale].sql</c>. A file without a path suffix applies to both
/// paths; a suffixed one only to its path (both variants share the version number).
/// </summary>
public sealed record Migration(int Version, string Name, StoragePath? Path, string Sql)
{
    /// <summary>SHA-256 of the SQL, recorded when applied so that an edited migration is noticed.</summary>
    public string Checksum { get; } = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(Sql)));

    /// <summary>The migrations embedded in this assembly, in version order.</summary>
    public static IReadOnlyList<Migration> Embedded { get; } = LoadEmbedded();

    /// <summary>The migrations that apply to <paramref name="path"/>, one per version, in order.</summary>
    public static IReadOnlyList<Migration> For(StoragePath path) =>
        [.. Embedded.Where(m => m.Path is null || m.Path == path)];

    internal static Migration Parse(string fileName, string sql)
    {
        // "0003_timeseries.plain.sql" → 3, "timeseries", Plain
        string stem = fileName.EndsWith(".sql", StringComparison.Ordinal)
            ? fileName[..^4]
            : throw new FormatException($"Migration '{fileName}' does not end in .sql.");
        StoragePath? path = null;
        if (stem.EndsWith(".plain", StringComparison.Ordinal))
        {
            path = StoragePath.Plain;
            stem = stem[..^6];
        }
        else if (stem.EndsWith(".timescale", StringComparison.Ordinal))
        {
            path = StoragePath.Timescale;
            stem = stem[..^10];
        }

        int underscore = stem.IndexOf('_', StringComparison.Ordinal);
        if (underscore != 4 || !int.TryParse(stem.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out int version))
        {
            throw new FormatException($"Migration '{fileName}' is not named NNNN_name.sql.");
        }

        return new Migration(version, stem[(underscore + 1)..], path, sql);
    }

    static List<Migration> LoadEmbedded()
    {
        var assembly = typeof(Migration).Assembly;
        var list = new List<Migration>();
        foreach (string resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith("Migrations/", StringComparison.Ordinal))
            {
                continue;
            }

            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream, Encoding.UTF8);
            list.Add(Parse(resource["Migrations/".Length..], reader.ReadToEnd()));
        }

        list.Sort((a, b) => a.Version != b.Version ? a.Version.CompareTo(b.Version) : Nullable.Compare(a.Path, b.Path));
        foreach (var path in Enum.GetValues<StoragePath>())
        {
            var versions = list.Where(m => m.Path is null || m.Path == path).GroupBy(m => m.Version);
            if (versions.FirstOrDefault(g => g.Count() > 1) is { } clash)
            {
                throw new InvalidOperationException($"Two migrations share version {clash.Key} on the {path} path.");
            }
        }

        return list;
    }
}

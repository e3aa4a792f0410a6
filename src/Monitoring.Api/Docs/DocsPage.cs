namespace Monitoring.Api.Docs;

/// <summary>The API's docs page: a self-contained HTML page that renders <c>/openapi/v1.json</c> (no CDN, no internet).</summary>
static class DocsPage
{
    public static string Html { get; } = Load();

    static string Load()
    {
        using var stream = typeof(DocsPage).Assembly.GetManifestResourceStream("docs.html")
            ?? throw new InvalidOperationException("docs.html is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

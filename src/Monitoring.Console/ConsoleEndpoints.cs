using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;

namespace Monitoring.WebConsole;

/// <summary>
/// Serves the console's static files (copied beside the executable under <c>console/</c>) at <c>/</c> and its
/// configuration at <c>/console/config.json</c>. The files hold no secret: the page signs in with an API key and
/// reads everything else through <c>/api</c>.
/// </summary>
public static class ConsoleEndpoints
{
    public const string ConfigPath = "/console/config.json";

    public static WebApplication MapMonitoringConsole(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = ConsoleOptions.Read(app.Configuration);
        string root = Path.Combine(AppContext.BaseDirectory, "console");
        if (!Directory.Exists(root))
        {
            throw new InvalidOperationException($"The console's files are missing: {root} (Monitoring.Console copies them to the output).");
        }

        var files = new PhysicalFileProvider(root);
        string policy = ContentSecurityPolicy(options);
        app.Use(async (context, next) =>
        {
            // Only the console's own responses: the API sets its own headers.
            if (IsConsolePath(context.Request.Path))
            {
                context.Response.OnStarting(() =>
                {
                    var headers = context.Response.Headers;
                    headers.ContentSecurityPolicy = policy;
                    headers.XContentTypeOptions = "nosniff";
                    headers["Referrer-Policy"] = "no-referrer";
                    // Small files: always revalidate (ETag), so an upgrade is seen at the next load.
                    headers.CacheControl = "no-cache";
                    return Task.CompletedTask;
                });
            }

            await next(context);
        });
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        var types = new FileExtensionContentTypeProvider();
        types.Mappings[".js"] = "text/javascript; charset=utf-8";
        types.Mappings[".css"] = "text/css; charset=utf-8";
        types.Mappings[".html"] = "text/html; charset=utf-8";
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files, ContentTypeProvider = types });
        app.MapGet(ConfigPath, () => Results.Json(new
        {
            tileUrl = options.TileUrl,
            tileAttribution = options.TileAttribution,
            tileSubdomains = options.TileSubdomains,
            tileMaxZoom = options.TileMaxZoom,
        })).ExcludeFromDescription();
        return app;
    }

    static bool IsConsolePath(PathString path) =>
        path == "/" || path == "/index.html" || path.StartsWithSegments("/js") || path.StartsWithSegments("/css")
        || path.StartsWithSegments("/console") || path == "/favicon.svg";

    static string ContentSecurityPolicy(ConsoleOptions options)
    {
        string tiles = options.TileSource() is { } source ? " " + source : "";
        return $"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:{tiles}; connect-src 'self'; " +
            "media-src 'self' blob:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";
    }
}

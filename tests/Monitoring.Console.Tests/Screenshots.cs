using System.Reflection;
using Microsoft.Playwright;

namespace Monitoring.WebConsole.Tests;

/// <summary>
/// Full-page screenshots of the console: under docs/screenshots when MONITORING_SCREENSHOTS=docs (how the README's
/// pictures are made), in the named folder when it is another path (relative to the repository), else in the run's
/// temp folder.
/// </summary>
static class Screenshots
{
    public static async Task<string> SaveAsync(IPage page, string name, string runFolder)
    {
        string? setting = Environment.GetEnvironmentVariable("MONITORING_SCREENSHOTS");
        string root = typeof(Screenshots).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().First(a => a.Key == "RepositoryRoot").Value!;
        string folder = setting switch
        {
            null or "" => Path.Combine(runFolder, "screenshots"),
            "docs" => Path.Combine(root, "docs", "screenshots"),
            _ => Path.IsPathRooted(setting) ? setting : Path.Combine(root, setting),
        };
        Directory.CreateDirectory(folder);
        string path = Path.Combine(folder, name + ".png");
        // From the top, so that the sticky top bar sits where it belongs in a full-page picture; no toasts, no focus ring.
        await page.EvaluateAsync("() => { window.scrollTo(0, 0); document.querySelectorAll('.toast').forEach(t => t.remove()); document.activeElement?.blur(); }");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }
}

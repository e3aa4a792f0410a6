using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Monitoring.WebConsole.Tests;

/// <summary>
/// With <c>Monitoring:Console:TileUrl</c> set, the track is drawn over map tiles fetched from that template. The console
/// is served in-process with a tile endpoint of its own; the API is stubbed in the browser (the alert and its track
/// are made up here), so only the map is under test.
/// </summary>
public sealed class TileMapTests
{
    // A 1×1 PNG: the tiles' content does not matter, only that they are asked for and drawn.
    static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");

    [Fact]
    public async Task With_a_tile_url_the_track_is_drawn_over_tiles_around_it()
    {
        var tiles = new List<(int Z, int X, int Y)>();
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration["Monitoring:Console:TileUrl"] = "/tiles/{z}/{x}/{y}.png";
        builder.Configuration["Monitoring:Console:TileAttribution"] = "测试底图";
        await using var app = builder.Build();
        app.MapMonitoringConsole();
        app.MapGet("/tiles/{z:int}/{x:int}/{y:int}.png", (int z, int x, int y) =>
        {
            lock (tiles)
            {
                tiles.Add((z, x, y));
            }

            return Results.Bytes(Png, "image/png");
        });
        await app.StartAsync();
        string baseUrl = app.Urls.First();

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("MONITORING_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ConsoleRun.ChromiumArgs,
        });
        Assertions.SetDefaultExpectTimeout(30_000);
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl, ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add(e);
        await page.RouteAsync("**/api/**", route => StubApiAsync(route));
        await page.AddInitScriptAsync("localStorage.setItem('monitoring.apiKey', 'mk_stub')");
        await page.GotoAsync("/#/alert/A1");

        var canvas = page.Locator("#track canvas");
        await Expect(canvas).ToHaveAttributeAsync("data-mode", "tiles");
        await Expect(canvas).ToHaveAttributeAsync("data-points", "61");
        for (int i = 0; i < 100 && Count(tiles) == 0; i++)
        {
            await Task.Delay(100);
        }

        (int Z, int X, int Y)[] asked;
        lock (tiles)
        {
            asked = [.. tiles];
        }

        Assert.NotEmpty(asked);
        // The track (about 27.55°N 110.0°E, 10 km long) fits the canvas at zoom 12 or 13; tiles of that zoom around it.
        Assert.All(asked, t => Assert.InRange(t.Z, 11, 14));
        int z = asked[0].Z;
        double n = Math.Pow(2, z);
        int tileX = (int)((110.02 + 180) / 360 * n);
        double latRad = 27.57 * Math.PI / 180;
        int tileY = (int)((1 - Math.Log(Math.Tan(latRad) + 1 / Math.Cos(latRad)) / Math.PI) / 2 * n);
        Assert.Contains(asked, t => t.Z == z && Math.Abs(t.X - tileX) <= 1 && Math.Abs(t.Y - tileY) <= 1);
        Assert.Empty(errors);
    }

    static int Count(List<(int, int, int)> tiles)
    {
        lock (tiles)
        {
            return tiles.Count;
        }
    }

    static Task StubApiAsync(IRoute route)
    {
        string path = new Uri(route.Request.Url).AbsolutePath;
        object? body = path switch
        {
            "/api/me" => new { user = "测试", role = "center" },
            "/api/counties" => new[] { new { id = 431202, name = "鹤城区" } },
            "/api/carriers" => new[] { new { id = 101, name = "测试客运公司", countyId = 431202 } },
            "/api/alerts" => new { items = new[] { Alert() }, next = (string?)null },
            "/api/alerts/A1" => new
            {
                alert = Alert(),
                vehicle = new { id = 1, plate = "湘N12345", plateColour = 2, plateColourName = "黄", @class = "line_coach", carrierId = 101, carrierName = "测试客运公司", countyId = 431202, countyName = "鹤城区", terminalPhone = "014900000001", online = true, lastPosition = (object?)null },
                driver = (object?)null,
                track = Track(),
                handling = Array.Empty<object>(),
                allowedActions = new[] { "verify", "dismiss" },
                suggestedWarning = "湘N12345驾驶员请注意，您已超速行驶。",
            },
            _ => null,
        };
        if (path == "/api/alerts/stream")
        {
            return route.FulfillAsync(new RouteFulfillOptions { Status = 200, ContentType = "text/event-stream", Body = ": quiet\n\n" });
        }

        return body is null
            ? route.FulfillAsync(new RouteFulfillOptions { Status = 404 })
            : route.FulfillAsync(new RouteFulfillOptions { Status = 200, ContentType = "application/json", Body = JsonSerializer.Serialize(body) });
    }

    static object Alert() => new
    {
        id = "A1", vehicleId = 1, plate = "湘N12345", plateColour = 2, plateColourName = "黄", rule = "overspeed", severity = 4, episodeState = "closed",
        handling = "new", start = "2026-03-02T02:05:00Z", end = "2026-03-02T02:08:00Z", durationSeconds = 180, maxSpeedKmh = 128.0, limitKmh = 100.0,
        late = false, carrierId = 101, carrierName = "测试客运公司", countyId = 431202, countyName = "鹤城区", updatedAt = "2026-03-02T02:09:00Z",
    };

    /// <summary>61 fixes 10 s apart from 27.55°N 110.0°E heading north-east, about 10 km.</summary>
    static object[] Track() =>
        [.. Enumerable.Range(0, 61).Select(i => (object)new
        {
            t = new DateTime(2026, 3, 2, 2, 0, 0, DateTimeKind.Utc).AddSeconds(i * 10).ToString("O"),
            lat = 27.55 + i * 0.0007,
            lon = 110.0 + i * 0.0007,
            speedKmh = i is >= 30 and <= 48 ? 128.0 : 90.0,
            direction = 45,
        })];
}

using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Monitoring.WebConsole.Tests;

/// <summary>What <c>MapMonitoringConsole</c> serves, in-process: the page at <c>/</c>, its modules, its configuration, its headers.</summary>
public sealed class ConsoleEndpointsTests
{
    [Fact]
    public async Task The_page_its_modules_and_its_configuration_are_served_with_a_strict_policy()
    {
        await using var app = await StartAsync("https://{s}.tiles.example.org/{z}/{x}/{y}.png", "© 示例地图");
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };

        using var index = await http.GetAsync(new Uri("/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, index.StatusCode);
        Assert.Equal("text/html", index.Content.Headers.ContentType?.MediaType);
        string html = await index.Content.ReadAsStringAsync();
        Assert.Contains("<html lang=\"zh-CN\">", html, StringComparison.Ordinal);
        Assert.Contains("js/app.js", html, StringComparison.Ordinal);
        string policy = index.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("connect-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("img-src 'self' data: blob: https://*.tiles.example.org", policy, StringComparison.Ordinal);
        Assert.Equal("no-cache", index.Headers.CacheControl?.ToString());

        foreach (string module in (string[])["app", "api", "stream", "store", "board", "detail", "lists", "overview", "charts", "track", "format", "sound", "toast"])
        {
            using var js = await http.GetAsync(new Uri($"/js/{module}.js", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, js.StatusCode);
            Assert.Equal("text/javascript", js.Content.Headers.ContentType?.MediaType);
        }

        using var config = JsonDocument.Parse(await http.GetStringAsync(new Uri("/console/config.json", UriKind.Relative)));
        Assert.Equal("https://{s}.tiles.example.org/{z}/{x}/{y}.png", config.RootElement.GetProperty("tileUrl").GetString());
        Assert.Equal("© 示例地图", config.RootElement.GetProperty("tileAttribution").GetString());

        using var missing = await http.GetAsync(new Uri("/js/nothing.js", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Without_a_tile_url_the_page_is_told_to_draw_tracks_on_a_plain_canvas()
    {
        await using var app = await StartAsync("", "");
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        using var config = JsonDocument.Parse(await http.GetStringAsync(new Uri("/console/config.json", UriKind.Relative)));
        Assert.Equal("", config.RootElement.GetProperty("tileUrl").GetString());
        using var index = await http.GetAsync(new Uri("/", UriKind.Relative));
        Assert.Contains("img-src 'self' data: blob:;", index.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://{s}.tile.example.com/{z}/{x}/{y}.png", "https://*.tile.example.com")]
    [InlineData("http://10.1.2.3:8081/tiles/{z}/{x}/{y}.png", "http://10.1.2.3:8081")]
    [InlineData("/tiles/{z}/{x}/{y}.png", null)]
    [InlineData("https://maps.example.com/{key}'x/{z}/{x}/{y}", "https://maps.example.com")]
    [InlineData("https://{key}.example.com/{z}/{x}/{y}", null)]
    [InlineData("", null)]
    public void The_tile_servers_origin_joins_the_image_policy(string tileUrl, string? source) =>
        Assert.Equal(source, new ConsoleOptions(tileUrl, "", "abc", 18).TileSource());

    static async Task<WebApplication> StartAsync(string tileUrl, string attribution)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration["Monitoring:Console:TileUrl"] = tileUrl;
        builder.Configuration["Monitoring:Console:TileAttribution"] = attribution;
        var app = builder.Build();
        app.MapMonitoringConsole();
        await app.StartAsync();
        return app;
    }
}

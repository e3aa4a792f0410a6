using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Monitoring.Api.Tests.Infrastructure;

/// <summary>The API on a TestServer over a seeded database of its own, its downlink going to a real broker.</summary>
public sealed class ApiApp : IAsyncDisposable
{
    readonly WebApplication _app;

    ApiApp(WebApplication app, TestDatabase database, Seed seed, TestBroker broker)
    {
        _app = app;
        Database = database;
        Seed = seed;
        Broker = broker;
    }

    public TestDatabase Database { get; }

    public Seed Seed { get; }

    public TestBroker Broker { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<ApiApp> StartAsync(PostgresFixture postgres, Action<ApiOptions>? configure = null)
    {
        var database = await postgres.CreateDatabaseAsync();
        var seed = await Seed.WriteAsync(database.DataSource, DateTime.UtcNow);
        var broker = await TestBroker.StartAsync();
        var options = new ApiOptions
        {
            ConnectionString = database.ConnectionString,
            DownlinkHost = "127.0.0.1",
            DownlinkPort = broker.Port,
            StreamPollInterval = TimeSpan.FromMilliseconds(100),
            StreamHeartbeat = TimeSpan.FromSeconds(1),
        };
        configure?.Invoke(options);
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddMonitoringApi(options);
        var app = builder.Build();
        app.MapMonitoringApi();
        await app.StartAsync();
        return new ApiApp(app, database, seed, broker);
    }

    /// <summary>A client that sends <paramref name="key"/> as its bearer token (none when null).</summary>
    public HttpClient Client(string? key)
    {
        var client = _app.GetTestClient();
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        await Broker.DisposeAsync();
        await Database.DisposeAsync();
    }
}

using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Monitoring.Alerts;
using Monitoring.Api.Tests.Infrastructure;
using Monitoring.Storage;

namespace Monitoring.Api.Tests;

/// <summary>Carriers' webhook subscriptions through the API, and their delivery (Monitoring.Alerts' relay) to a receiver that fails and recovers.</summary>
[Collection(PostgresCollection.Name)]
public sealed class WebhookTests(PostgresFixture postgres)
{
    [Fact]
    public async Task A_carrier_creates_lists_and_deletes_its_subscriptions_and_the_secret_shows_once()
    {
        await using var app = await ApiApp.StartAsync(postgres);
        using var client = app.Client(app.Seed.Carrier1Key);
        string url = $"/api/carriers/{Seed.Carrier1}/webhooks";
        using var created = await client.PostAsJsonAsync(url, new { url = "https://example.invalid/alerts" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var hook = await Json.ReadAsync(created);
        string secret = hook.GetProperty("secret").GetString()!;
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        long id = hook.GetProperty("id").GetInt64();
        Assert.Equal($"{url}/{id}", created.Headers.Location?.ToString());

        var own = await Json.ReadAsync(await client.PostAsJsonAsync(url, new { url = "http://127.0.0.1:9/x", secret = "my-own-secret-of-20-chars" }));
        Assert.Equal("my-own-secret-of-20-chars", own.GetProperty("secret").GetString());

        string list = await (await client.GetAsync(url)).Content.ReadAsStringAsync();
        Assert.DoesNotContain(secret, list, StringComparison.Ordinal);
        Assert.DoesNotContain("my-own-secret", list, StringComparison.Ordinal);
        Assert.Contains("https://example.invalid/alerts", list, StringComparison.Ordinal);

        // The county centre of carrier 1 sees them too; another carrier does not, nor can it delete them.
        Assert.Contains("example.invalid", await app.Client(app.Seed.CountyAKey).GetStringAsync(url), StringComparison.Ordinal);
        await Json.ProblemAsync(await app.Client(app.Seed.Carrier2Key).DeleteAsync($"{url}/{id}"), 404);
        await Json.ProblemAsync(await client.DeleteAsync($"/api/carriers/{Seed.Carrier2}/webhooks/{id}"), 404);

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"{url}/{id}")).StatusCode);
        await Json.ProblemAsync(await client.DeleteAsync($"{url}/{id}"), 404);
        Assert.Single((await Json.ReadAsync(await client.GetAsync(url))).EnumerateArray());
    }

    [Fact]
    public async Task Episodes_are_posted_signed_retried_while_the_receiver_fails_and_logged_for_the_carrier()
    {
        await using var app = await ApiApp.StartAsync(postgres);
        await using var receiver = await Receiver.StartAsync(failFirst: 2);
        using var client = app.Client(app.Seed.Carrier1Key);
        var hook = await Json.ReadAsync(await client.PostAsJsonAsync($"/api/carriers/{Seed.Carrier1}/webhooks", new { url = receiver.Url }));
        string secret = hook.GetProperty("secret").GetString()!;

        // An episode of carrier 1 and one of carrier 2 (not for this subscription).
        var store = new EpisodeStore(app.Database.DataSource, StoragePath.Plain);
        var key = new EpisodeKey(Seed.V11, "overspeed", Seed.T0.AddHours(5));
        await store.UpsertAsync([new EpisodeRecord(key, EpisodeState.Opened, 3, null, 100, 115, false, Seed.Carrier1, Seed.CountyA, key.StartTime)]);
        await store.UpsertAsync([new EpisodeRecord(new EpisodeKey(Seed.V12, "overspeed", key.StartTime), EpisodeState.Opened, 3, null, 80, 95, false,
            Seed.Carrier2, Seed.CountyA, key.StartTime)]);

        using var relay = new WebhookRelay(app.Database.DataSource, options: new WebhookRelayOptions
        {
            PollInterval = TimeSpan.FromMilliseconds(50),
            FirstRetryDelay = TimeSpan.FromMilliseconds(100),
            MaxRetryDelay = TimeSpan.FromMilliseconds(200),
        });
        using var stop = new CancellationTokenSource();
        var running = relay.RunAsync(stop.Token);
        var delivered = await receiver.DeliveredAsync();
        // The relay logs the attempt after the receiver answered: wait for the log (a generous bound, not a timing).
        var log = new List<System.Text.Json.JsonElement>();
        for (int i = 0; i < 300 && !(log.Count > 0 && log[0].GetProperty("delivered").GetBoolean()); i++)
        {
            await Task.Delay(100);
            log = [.. (await Json.ReadAsync(await client.GetAsync($"/api/carriers/{Seed.Carrier1}/webhooks/deliveries"))).EnumerateArray()];
        }

        await stop.CancelAsync();
        await running;

        Assert.True(WebhookSignature.Verify(secret, delivered.Body, delivered.Signature), "the body's HMAC-SHA256 matches the header");
        Assert.Contains("湘N11111", System.Text.Encoding.UTF8.GetString(delivered.Body), StringComparison.Ordinal);
        Assert.Equal(3, receiver.Requests);

        Assert.Equal([true, false, false], log.Select(d => d.GetProperty("delivered").GetBoolean()));
        Assert.Equal([200, 503, 503], log.Select(d => d.GetProperty("statusCode").GetInt32()));
        Assert.Equal([3, 2, 1], log.Select(d => d.GetProperty("attempt").GetInt32()));
        Assert.Empty((await Json.ReadAsync(await app.Client(app.Seed.Carrier2Key).GetAsync($"/api/carriers/{Seed.Carrier2}/webhooks/deliveries"))).EnumerateArray());
    }

    /// <summary>An HTTP receiver on loopback that answers 503 to the first requests, then 200.</summary>
    sealed class Receiver : IAsyncDisposable
    {
        readonly WebApplication _app;
        readonly TaskCompletionSource<(byte[] Body, string? Signature)> _delivered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        int _requests;

        Receiver(WebApplication app) => _app = app;

        public string Url { get; private set; } = "";

        public int Requests => _requests;

        public static async Task<Receiver> StartAsync(int failFirst)
        {
            var builder = WebApplication.CreateBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            var receiver = new Receiver(app);
            app.MapPost("/hook", async (HttpContext context) =>
            {
                using var body = new MemoryStream();
                await context.Request.Body.CopyToAsync(body);
                if (Interlocked.Increment(ref receiver._requests) <= failFirst)
                {
                    return Results.StatusCode(503);
                }

                receiver._delivered.TrySetResult((body.ToArray(), context.Request.Headers[WebhookSignature.Header].FirstOrDefault()));
                return Results.Ok();
            });
            await app.StartAsync();
            string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            receiver.Url = address + "/hook";
            return receiver;
        }

        public Task<(byte[] Body, string? Signature)> DeliveredAsync() => _delivered.Task.WaitAsync(TimeSpan.FromSeconds(30));

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}

using System.Text.Json;
using Monitoring.Alerts.Internal;
using Monitoring.Alerts.Tests.Infrastructure;
using Monitoring.Storage;

namespace Monitoring.Alerts.Tests;

/// <summary>The webhook relay against a real receiver on 127.0.0.1 that refuses, fails, stalls and recovers.</summary>
[Collection(PostgresCollection.Name)]
public sealed class WebhookRelayTests(PostgresFixture postgres)
{
    const string Secret = "whsec_5f2b9c0e7a1d";
    static readonly DateTimeOffset T0 = new(2026, 11, 20, 1, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Every_event_is_delivered_signed_and_once_after_refused_connections_and_errors()
    {
        await using var db = await postgres.CreateDatabaseAsync();
        await using var receiver = new WebhookReceiver(Secret);   // not started: connections are refused
        var subscription = await SetUpAsync(db, receiver);
        await new EpisodeStore(db.DataSource, StoragePath.Plain).UpsertAsync([.. Seed.Life(Seed.Key(11)), .. Seed.Life(Seed.Key(12)), .. Seed.Life(Seed.Key(21))]);
        var carrierOneEvents = await db.ColumnAsync<long>("SELECT id FROM alert_events WHERE carrier_id = 1 ORDER BY id");
        var clock = new ManualClock(T0);
        using var relay = new WebhookRelay(db.DataSource, options: new() { BatchSize = 4 }, timeProvider: clock);

        while (await relay.DeliverDueAsync() > 0)
        {
            // Refused: the first row of each batch is attempted, the rest wait with it.
        }

        receiver.Start();
        int failures = 0;
        receiver.Handler = _ => Task.FromResult(Interlocked.Increment(ref failures) <= 3 ? 500 : 200);
        for (int round = 0; round < 20 && await UndeliveredAsync(db) > 0; round++)
        {
            clock.Advance(TimeSpan.FromHours(2));
            while (await relay.DeliverDueAsync() > 0)
            {
            }
        }

        Assert.Equal(0L, await UndeliveredAsync(db));
        Assert.Equal(carrierOneEvents, receiver.Acknowledged.Order());
        Assert.All(receiver.Requests, r =>
        {
            Assert.True(r.SignatureValid, $"bad signature {r.Signature} on event {r.EventId}");
            Assert.Equal(("POST", "application/json"), (r.Method, r.ContentType));
            using var json = JsonDocument.Parse(r.Body);
            Assert.Equal(r.EventId, json.RootElement.GetProperty("eventId").GetInt64());
            Assert.Equal(1, json.RootElement.GetProperty("carrierId").GetInt64());
        });
        Assert.Equal(9, receiver.Requests.Count);   // 3 answered 500, then each of the 6 events once

        var log = await new WebhookStore(db.DataSource).DeliveriesAsync(1, 100);
        Assert.Equal(2, log.Count(d => d.StatusCode is null && d.Error is { Length: > 0 } && !d.Delivered));
        Assert.Equal(3, log.Count(d => d.StatusCode == 500 && !d.Delivered));
        Assert.Equal(carrierOneEvents, log.Where(d => d.Delivered).Select(d => d.EventId).Order());
        Assert.All(log, d => Assert.Equal(subscription.Id, d.SubscriptionId));
        Assert.All(log.GroupBy(d => d.EventId), g => Assert.Equal(Enumerable.Range(1, g.Count()), g.Select(d => d.Attempt).Order()));
    }

    [Fact]
    public async Task A_failed_row_waits_5_s_then_10_s_then_20_s()
    {
        await using var db = await postgres.CreateDatabaseAsync();
        await using var receiver = new WebhookReceiver(Secret) { Handler = _ => Task.FromResult(503) };
        receiver.Start();
        await SetUpAsync(db, receiver);
        await new EpisodeStore(db.DataSource, StoragePath.Plain).UpsertAsync([Seed.Opened(Seed.Key(11))]);
        var clock = new ManualClock(T0);
        using var relay = new WebhookRelay(db.DataSource, options: new() { RetryJitter = 0 }, timeProvider: clock);

        var attempts = new List<int>();
        foreach (double wait in new[] { 0, 4.9, 0.1, 9.9, 0.1, 19.9, 0.1 })
        {
            clock.Advance(TimeSpan.FromSeconds(wait));
            attempts.Add(await relay.DeliverDueAsync());
        }

        Assert.Equal([1, 0, 1, 0, 1, 0, 1], attempts);
        Assert.Equal(clock.UtcNow.AddSeconds(40), await db.ScalarAsync<DateTime>("SELECT next_attempt_at FROM outbox"));
    }

    [Fact]
    public void Retry_delays_double_from_5_s_to_an_hour_and_jitter_stays_within_its_fraction()
    {
        var first = TimeSpan.FromSeconds(5);
        var max = TimeSpan.FromHours(1);
        var exact = Enumerable.Range(1, 12).Select(a => Backoff.Delay(a, first, max, 0, new Random(1)).TotalSeconds);
        Assert.Equal([5.0, 10, 20, 40, 80, 160, 320, 640, 1280, 2560, 3600, 3600], exact);

        var random = new Random(7);
        var jittered = Enumerable.Range(0, 1000).Select(_ => Backoff.Delay(3, first, max, 0.2, random).TotalSeconds).ToArray();
        Assert.All(jittered, s => Assert.InRange(s, 16.0, 24.0));
        Assert.True(jittered.Distinct().Count() > 100);
        Assert.InRange(Backoff.Delay(40, first, max, 0.2, random).TotalSeconds, 2880.0, 4320.0);
    }

    [Fact]
    public async Task Two_relays_at_once_never_send_the_same_row()
    {
        await using var db = await postgres.CreateDatabaseAsync();
        await using var receiver = new WebhookReceiver(Secret);
        receiver.Start();
        await SetUpAsync(db, receiver);
        await new EpisodeStore(db.DataSource, StoragePath.Plain).UpsertAsync([.. Enumerable.Range(0, 40).Select(i => Seed.Opened(Seed.Key(11, minutes: i)))]);
        var clock = new ManualClock(T0);
        using var a = new WebhookRelay(db.DataSource, options: new() { BatchSize = 3 }, timeProvider: clock);
        using var b = new WebhookRelay(db.DataSource, options: new() { BatchSize = 3 }, timeProvider: clock);

        await Task.WhenAll(DrainAsync(a), DrainAsync(b));

        Assert.Equal(0L, await UndeliveredAsync(db));
        Assert.Equal(40, receiver.Requests.Count);
        Assert.Equal(await db.ColumnAsync<long>("SELECT id FROM alert_events ORDER BY id"), receiver.Acknowledged.Order());

        static async Task DrainAsync(WebhookRelay relay)
        {
            await Task.Yield();
            while (await relay.DeliverDueAsync() > 0)
            {
            }
        }
    }

    [Fact]
    public async Task A_relay_stopped_mid_delivery_loses_nothing_and_the_next_one_delivers_the_rest()
    {
        await using var db = await postgres.CreateDatabaseAsync();
        await using var receiver = new WebhookReceiver(Secret);
        var held = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        int requests = 0;
        receiver.Handler = _ => Interlocked.Increment(ref requests) == 1 ? held.Task : Task.FromResult(200);
        receiver.Start();
        await SetUpAsync(db, receiver);
        await new EpisodeStore(db.DataSource, StoragePath.Plain).UpsertAsync([.. Seed.Life(Seed.Key(11)), .. Seed.Life(Seed.Key(12))]);
        var clock = new ManualClock(T0);

        using (var first = new WebhookRelay(db.DataSource, timeProvider: clock))
        {
            using var stop = new CancellationTokenSource();
            var run = first.RunAsync(stop.Token);
            await Eventually.TrueAsync(() => !receiver.Requests.IsEmpty, "the first relay sent its first row");
            await stop.CancelAsync();
            await run;
        }

        held.SetResult(503);   // the receiver never accepted the row the stopped relay was sending
        using var second = new WebhookRelay(db.DataSource, timeProvider: clock);
        while (await second.DeliverDueAsync() > 0)
        {
        }

        Assert.Equal(0L, await UndeliveredAsync(db));
        Assert.Equal(await db.ColumnAsync<long>("SELECT id FROM alert_events ORDER BY id"), receiver.Acknowledged.Order());
    }

    [Fact]
    public async Task Rows_of_a_relay_that_died_come_due_when_its_lease_ends()
    {
        await using var db = await postgres.CreateDatabaseAsync();
        await using var receiver = new WebhookReceiver(Secret);
        receiver.Start();
        await SetUpAsync(db, receiver);
        await new EpisodeStore(db.DataSource, StoragePath.Plain).UpsertAsync(Seed.Life(Seed.Key(11)));
        var clock = new ManualClock(T0);
        var options = new WebhookRelayOptions { Lease = TimeSpan.FromMinutes(5) };
        Assert.Equal(3, (await new WebhookOutbox(db.DataSource).ClaimDueAsync(clock.UtcNow, 10, options.Lease)).Count);   // claimed, then the process died
        using var relay = new WebhookRelay(db.DataSource, options: options, timeProvider: clock);

        int duringLease = await relay.DeliverDueAsync();
        clock.Advance(options.Lease);
        int afterLease = await relay.DeliverDueAsync();

        Assert.Equal((0, 3), (duringLease, afterLease));
        Assert.Equal(await db.ColumnAsync<long>("SELECT id FROM alert_events ORDER BY id"), receiver.Acknowledged.Order());
        Assert.Equal([1, 1, 1], (await new WebhookStore(db.DataSource).DeliveriesAsync(1, 10)).Select(d => d.Attempt));
    }

    [Fact]
    public async Task A_receiver_that_does_not_answer_times_out_and_its_other_rows_wait_with_the_failed_one()
    {
        await using var db = await postgres.CreateDatabaseAsync();
        await using var receiver = new WebhookReceiver(Secret);
        var never = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        receiver.Handler = _ => never.Task;
        receiver.Start();
        await SetUpAsync(db, receiver);
        await new EpisodeStore(db.DataSource, StoragePath.Plain).UpsertAsync(Seed.Life(Seed.Key(11)));
        var clock = new ManualClock(T0);
        using var relay = new WebhookRelay(db.DataSource, options: new() { RequestTimeout = TimeSpan.FromSeconds(1) }, timeProvider: clock);

        Assert.Equal(3, await relay.DeliverDueAsync());
        never.SetResult(200);

        var log = Assert.Single(await new WebhookStore(db.DataSource).DeliveriesAsync(1, 10));
        Assert.Equal((1, (int?)null, false), (log.Attempt, log.StatusCode, log.Delivered));
        Assert.Equal("no answer within 1 s", log.Error);
        Assert.InRange(receiver.Requests.Count, 0, 1);   // the other two rows were not sent
        Assert.Equal(1L, await db.ScalarAsync<long>("SELECT count(DISTINCT next_attempt_at) FROM outbox WHERE delivered_at IS NULL"));
        Assert.Equal([0, 0, 1], (await db.ColumnAsync<int>("SELECT attempts FROM outbox ORDER BY attempts")));
    }

    [Fact]
    public async Task Rows_wait_while_their_subscription_is_inactive_and_go_with_a_deleted_one()
    {
        await using var db = await postgres.CreateDatabaseAsync();
        await using var receiver = new WebhookReceiver(Secret);
        receiver.Start();
        var subscription = await SetUpAsync(db, receiver);
        var other = await new WebhookStore(db.DataSource).CreateAsync(1, receiver.Url + "other", Secret);
        await new EpisodeStore(db.DataSource, StoragePath.Plain).UpsertAsync([Seed.Opened(Seed.Key(11))]);
        await db.ExecuteAsync($"UPDATE webhook_subscriptions SET active = false WHERE id = {subscription.Id}");
        Assert.True(await new WebhookStore(db.DataSource).DeleteAsync(1, other.Id));
        using var relay = new WebhookRelay(db.DataSource, timeProvider: new ManualClock(T0));

        int whileInactive = await relay.DeliverDueAsync();
        await db.ExecuteAsync($"UPDATE webhook_subscriptions SET active = true WHERE id = {subscription.Id}");
        int afterwards = await relay.DeliverDueAsync();

        Assert.Equal((0, 1), (whileInactive, afterwards));
        Assert.Equal([subscription.Id], await db.ColumnAsync<long>("SELECT subscription_id FROM outbox"));
        Assert.Single(receiver.Acknowledged);
    }

    [Fact]
    public async Task A_running_relay_woken_by_the_listener_delivers_a_new_event_without_waiting_for_its_poll()
    {
        await using var db = await postgres.CreateDatabaseAsync();
        await using var receiver = new WebhookReceiver(Secret);
        receiver.Start();
        await SetUpAsync(db, receiver);
        var episodes = new EpisodeStore(db.DataSource, StoragePath.Plain);
        await episodes.UpsertAsync([Seed.Opened(Seed.Key(11))]);
        using var relay = new WebhookRelay(db.DataSource, options: new() { PollInterval = TimeSpan.FromHours(1) });
        var listener = new AlertEventListener(db.DataSource);
        listener.EventsAvailable += _ => relay.Wake();
        using var stop = new CancellationTokenSource();
        var listening = listener.RunAsync(stop.Token);
        var relaying = relay.RunAsync(stop.Token);
        await listener.Listening;
        await Eventually.TrueAsync(() => receiver.Acknowledged.Count() == 1, "the relay delivered the event that was there at its start");

        // The relay now sleeps for its hour-long poll; only the notification can bring it round.
        await episodes.UpsertAsync([Seed.Closed(Seed.Key(11), 1)]);
        await Eventually.TrueAsync(() => receiver.Acknowledged.Count() == 2, "the woken relay delivered the new event");

        await stop.CancelAsync();
        await Task.WhenAll(listening, relaying);
        Assert.Equal(await db.ColumnAsync<long>("SELECT id FROM alert_events ORDER BY id"), receiver.Acknowledged.Order());
    }

    static async Task<WebhookSubscription> SetUpAsync(TestDatabase db, WebhookReceiver receiver)
    {
        await Seed.ReferenceAsync(db);
        return await new WebhookStore(db.DataSource).CreateAsync(1, receiver.Url, Secret);
    }

    static Task<long> UndeliveredAsync(TestDatabase db) => db.ScalarAsync<long>("SELECT count(*) FROM outbox WHERE delivered_at IS NULL");
}

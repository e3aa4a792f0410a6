using Monitoring.Alerts.Tests.Infrastructure;
using Monitoring.Storage;
using Npgsql;

namespace Monitoring.Alerts.Tests;

/// <summary>Alert events raised by EpisodeStore.UpsertAsync: once per transition, with the episode, announced at commit.</summary>
[Collection(PostgresCollection.Name)]
public sealed class AlertEventTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Each_transition_raises_one_event_and_replayed_records_raise_none()
    {
        await using var db = await postgres.CreateDatabaseAsync();
        await Seed.ReferenceAsync(db);
        var episodes = new EpisodeStore(db.DataSource, StoragePath.Plain);
        var key = Seed.Key(11);
        var life = Seed.Life(key);

        await episodes.UpsertAsync([life[0]]);
        await episodes.UpsertAsync([life[1], life[2]]);
        await episodes.UpsertAsync(life);                         // restart catch-up replays all of it
        await episodes.UpsertAsync([life[2], life[0], life[1]]);  // and in another order

        var events = await new AlertEventStore(db.DataSource).ReadAfterAsync(0, 100, AlertEventFilter.Any, default);
        Assert.Equal(
            [(EpisodeState.Opened, (short)1), (EpisodeState.Escalated, (short)3), (EpisodeState.Closed, (short)3)],
            events.Select(e => (e.Transition, e.Severity)));
        Assert.All(events, e => Assert.Equal((key, 1L, Seed.Jinjiang, false), (e.Episode, e.CarrierId, e.CountyId, e.Late)));
        Assert.True(events[0].Id < events[1].Id && events[1].Id < events[2].Id);
        Assert.Equal(events[2].Id, await new AlertEventStore(db.DataSource).LastIdAsync());
        Assert.Equal(EpisodeState.Closed, (await episodes.FindAsync(key))!.State);
    }

    [Fact]
    public async Task A_second_escalation_to_another_severity_is_its_own_event()
    {
        await using var db = await postgres.CreateDatabaseAsync();
        var episodes = new EpisodeStore(db.DataSource, StoragePath.Plain);
        var key = Seed.Key(11);

        await episodes.UpsertAsync([Seed.Opened(key), Seed.Escalated(key, 2), Seed.Escalated(key, 3), Seed.Escalated(key, 2)]);

        var events = await new AlertEventStore(db.DataSource).ReadAfterAsync(0, 100, AlertEventFilter.Any, default);
        Assert.Equal([(short)1, (short)2, (short)3], events.Select(e => e.Severity));
    }

    [Fact]
    public async Task Concurrent_writers_of_the_same_records_raise_each_event_once()
    {
        await using var db = await postgres.CreateDatabaseAsync();
        await Seed.ReferenceAsync(db);
        await new WebhookStore(db.DataSource).CreateAsync(1, "https://carrier-one.example/hooks", "s1");
        var records = Enumerable.Range(0, 10).SelectMany(i => Seed.Life(Seed.Key(11 + (i % 2), minutes: i))).ToArray();

        // Eight writers at once, as after a restart when a replay overlaps live writes.
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => new EpisodeStore(db.DataSource, StoragePath.Plain).UpsertAsync(records))));

        Assert.Equal(30L, await db.ScalarAsync<long>("SELECT count(*) FROM alert_events"));
        Assert.Equal(30L, await db.ScalarAsync<long>("SELECT count(DISTINCT (vehicle_id, rule, start_time, transition, severity)) FROM alert_events"));
        Assert.Equal(30L, await db.ScalarAsync<long>("SELECT count(*) FROM outbox"));
    }

    [Fact]
    public async Task Events_are_queued_once_for_each_active_subscription_of_the_episodes_carrier()
    {
        await using var db = await postgres.CreateDatabaseAsync();
        await Seed.ReferenceAsync(db);
        var webhooks = new WebhookStore(db.DataSource);
        var a = await webhooks.CreateAsync(1, "https://carrier-one.example/a", "secret-a");
        var b = await webhooks.CreateAsync(1, "https://carrier-one.example/b", "secret-b");
        var paused = await webhooks.CreateAsync(1, "https://carrier-one.example/paused", "secret-p");
        var c = await webhooks.CreateAsync(2, "https://carrier-two.example/c", "secret-c");
        await db.ExecuteAsync($"UPDATE webhook_subscriptions SET active = false WHERE id = {paused.Id}");
        var episodes = new EpisodeStore(db.DataSource, StoragePath.Plain);

        await episodes.UpsertAsync([Seed.Opened(Seed.Key(11)), Seed.Opened(Seed.Key(21))]);
        await episodes.UpsertAsync([Seed.Opened(Seed.Key(11)), Seed.Opened(Seed.Key(21))]);

        var rows = await QueuedAsync(db);
        long event11 = await db.ScalarAsync<long>("SELECT id FROM alert_events WHERE vehicle_id = 11");
        long event21 = await db.ScalarAsync<long>("SELECT id FROM alert_events WHERE vehicle_id = 21");
        Assert.Equal([(a.Id, event11, 1L), (b.Id, event11, 1L), (c.Id, event21, 2L)], rows);
    }

    [Fact]
    public async Task A_subscription_receives_only_events_raised_after_it_was_created()
    {
        await using var db = await postgres.CreateDatabaseAsync();
        await Seed.ReferenceAsync(db);
        var episodes = new EpisodeStore(db.DataSource, StoragePath.Plain);
        await episodes.UpsertAsync([Seed.Opened(Seed.Key(11))]);

        var subscription = await new WebhookStore(db.DataSource).CreateAsync(1, "https://carrier-one.example/a", "s");
        await episodes.UpsertAsync([Seed.Closed(Seed.Key(11), 1)]);

        long closed = await db.ScalarAsync<long>("SELECT id FROM alert_events WHERE transition = 2");
        Assert.Equal([(subscription.Id, closed, 1L)], await QueuedAsync(db));
    }

    [Fact]
    public async Task A_failed_upsert_leaves_no_event_outbox_row_or_episode()
    {
        await using var db = await postgres.CreateDatabaseAsync();
        await Seed.ReferenceAsync(db);
        await new WebhookStore(db.DataSource).CreateAsync(1, "https://carrier-one.example/a", "s");
        await db.ExecuteAsync("""
            CREATE FUNCTION refuse_boom() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'boom'; END $$;
            CREATE TRIGGER refuse_boom BEFORE INSERT ON alert_events FOR EACH ROW WHEN (NEW.rule = 'boom') EXECUTE FUNCTION refuse_boom();
            """);
        var episodes = new EpisodeStore(db.DataSource, StoragePath.Plain);

        await Assert.ThrowsAsync<PostgresException>(() => episodes.UpsertAsync([Seed.Opened(Seed.Key(11)), Seed.Opened(Seed.Key(12, "boom"))]));

        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM alert_events"));
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM outbox"));
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM episodes"));
    }

    [Fact]
    public async Task A_commit_with_new_events_notifies_their_newest_id_and_a_replay_notifies_nothing()
    {
        await using var db = await postgres.CreateDatabaseAsync();
        var episodes = new EpisodeStore(db.DataSource, StoragePath.Plain);
        await using var listener = await db.DataSource.OpenConnectionAsync();
        var payloads = new List<string>();
        listener.Notification += (_, e) => payloads.Add(e.Payload);
        await using (var listen = new NpgsqlCommand("LISTEN alert_events", listener))
        {
            await listen.ExecuteNonQueryAsync();
        }

        await episodes.UpsertAsync(Seed.Life(Seed.Key(11)));
        await episodes.UpsertAsync(Seed.Life(Seed.Key(11)));   // replay: no event, so no notification
        await episodes.UpsertAsync([Seed.Opened(Seed.Key(12))]);
        while (payloads.Count < 2)
        {
            Assert.True(await listener.WaitAsync(TimeSpan.FromSeconds(30)), "A commit with new events sent no notification.");
        }

        var ids = await db.ColumnAsync<long>("SELECT id FROM alert_events ORDER BY id");
        // Notifications come in commit order: had the replay notified, its payload would be second.
        Assert.Equal([ids[2].ToString(System.Globalization.CultureInfo.InvariantCulture), ids[3].ToString(System.Globalization.CultureInfo.InvariantCulture)], payloads);
    }

    [Fact]
    public async Task Reading_after_an_id_applies_the_filter_in_order()
    {
        await using var db = await postgres.CreateDatabaseAsync();
        var episodes = new EpisodeStore(db.DataSource, StoragePath.Plain);
        await episodes.UpsertAsync(
        [
            Seed.Opened(Seed.Key(11), severity: 1),
            Seed.Opened(Seed.Key(12, "terminal_alarm:emergency"), severity: 4),
            Seed.Opened(Seed.Key(21), severity: 2),
            Seed.Opened(Seed.Key(11, "fatigue_continuous"), severity: 3, late: true),
            Seed.Opened(Seed.Key(12, "terminal_alarm_like"), severity: 2),
        ]);
        var store = new AlertEventStore(db.DataSource);
        var all = await store.ReadAfterAsync(0, 100, AlertEventFilter.Any, default);

        async Task<long[]> Vehicles(long after, int limit, AlertEventFilter filter) =>
            [.. (await store.ReadAfterAsync(after, limit, filter, default)).Select(e => e.Episode.VehicleId)];

        Assert.Equal([11L, 12L, 21L, 11L, 12L], all.Select(e => e.Episode.VehicleId));
        Assert.Equal(new long[] { 11L, 12L, 11L, 12L }, await Vehicles(0, 100, new(CarrierId: 1)));
        Assert.Equal(new long[] { 21L }, await Vehicles(0, 100, new(CountyId: Seed.Qingyang)));
        Assert.Equal(new long[] { 12L }, await Vehicles(0, 100, new(Rule: "terminal_alarm")));
        Assert.Equal(new long[] { 12L }, await Vehicles(0, 100, new(Rule: "terminal_alarm:emergency")));
        Assert.Equal(new long[] { 12L, 11L }, await Vehicles(0, 100, new(MinSeverity: 3)));
        Assert.Equal(new long[] { 12L }, await Vehicles(0, 100, new(MinSeverity: 3, IncludeLate: false)));
        Assert.Equal(new long[] { 21L, 11L }, await Vehicles(all[1].Id, 2, AlertEventFilter.Any));
        Assert.Empty(await Vehicles(all[4].Id, 100, AlertEventFilter.Any));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.ReadAfterAsync(0, 0, AlertEventFilter.Any, default));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.ReadAfterAsync(-1, 10, AlertEventFilter.Any, default));
    }

    [Fact]
    public async Task Details_carry_plate_names_and_the_episodes_figures()
    {
        await using var db = await postgres.CreateDatabaseAsync();
        await Seed.ReferenceAsync(db);
        var key = Seed.Key(21);
        await new EpisodeStore(db.DataSource, StoragePath.Plain).UpsertAsync(Seed.Life(key));

        var details = await new AlertEventStore(db.DataSource).ReadDetailsAfterAsync(0, 10, new(CarrierId: 2), default);

        Assert.Equal(3, details.Count);
        var closed = details[2];
        Assert.Equal(("川A21111", (short?)1, "青羊危货运输", "青羊区"), (closed.Plate, closed.PlateColour, closed.CarrierName, closed.CountyName));
        Assert.Equal((key.StartTime.AddMinutes(5), 100.0, 131.0), (closed.EndTime, closed.LimitKmh, closed.MaxSpeedKmh));
    }

    static async Task<List<(long Subscription, long Event, long Carrier)>> QueuedAsync(TestDatabase db)
    {
        await using var command = db.DataSource.CreateCommand("SELECT subscription_id, event_id, carrier_id FROM outbox ORDER BY event_id, subscription_id");
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(long, long, long)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2)));
        }

        return rows;
    }
}

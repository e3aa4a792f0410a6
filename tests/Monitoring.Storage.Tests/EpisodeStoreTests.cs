using Monitoring.Storage.Tests.Infrastructure;

namespace Monitoring.Storage.Tests;

[Collection(PostgresCollection.Name)]
public sealed class EpisodeStoreTests(PostgresFixture postgres)
{
    static readonly EpisodeKey Key = new(11, "overspeed", Fixes.Beijing(2026, 11, 20, 8, 30));

    [Fact]
    public async Task Opened_escalated_and_closed_update_one_row_and_older_states_change_nothing()
    {
        await using var db = await postgres.CreateDatabaseAsync();
        await Opened_escalated_and_closed_update_one_row(StorageContext.Plain(db));
    }

    [Fact]
    public async Task Writing_the_same_episodes_twice_counts_each_once_per_day()
    {
        await using var db = await postgres.CreateDatabaseAsync();
        await Same_episodes_twice_count_once(StorageContext.Plain(db));
    }

    [Fact]
    public async Task Handling_steps_are_kept_once_in_time_order()
    {
        await using var db = await postgres.CreateDatabaseAsync();
        await Handling_steps_are_kept_once(StorageContext.Plain(db));
    }

    [Fact]
    public async Task An_episode_ending_before_it_starts_is_refused()
    {
        await using var db = await postgres.CreateDatabaseAsync();
        var store = new EpisodeStore(db.DataSource, StoragePath.Plain);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => store.UpsertAsync([Opened(Key) with { EndTime = Key.StartTime.AddSeconds(-1) }]));

        Assert.Contains("ends", error.Message, StringComparison.Ordinal);
    }

    internal static EpisodeRecord Opened(EpisodeKey key, short severity = 1, long carrier = 1, int county = Seed.Jinjiang) =>
        new(key, EpisodeState.Opened, severity, null, 100, 112.5, false, carrier, county, key.StartTime.AddSeconds(30));

    internal static async Task Opened_escalated_and_closed_update_one_row(StorageContext context)
    {
        var store = new EpisodeStore(context.DataSource, context.Path);
        var opened = Opened(Key);
        var escalated = opened with { State = EpisodeState.Escalated, Severity = 3, MaxSpeedKmh = 131.0, UpdatedAt = Key.StartTime.AddMinutes(2) };
        var closed = escalated with { State = EpisodeState.Closed, Severity = 2, MaxSpeedKmh = 120.0, EndTime = Key.StartTime.AddMinutes(5), Late = true, UpdatedAt = Key.StartTime.AddMinutes(5) };

        await store.UpsertAsync([opened]);
        await store.UpsertAsync([escalated, closed]);
        await store.UpsertAsync([opened, escalated]); // redelivered after the close

        var stored = await store.FindAsync(Key);
        Assert.Equal(closed with { Severity = 3, MaxSpeedKmh = 131.0 }, stored);
        Assert.Equal(1L, await context.ScalarAsync<long>("SELECT count(*) FROM episodes"));
    }

    internal static async Task Same_episodes_twice_count_once(StorageContext context)
    {
        var store = new EpisodeStore(context.DataSource, context.Path);
        EpisodeRecord[] episodes =
        [
            Opened(Key),
            Opened(Key with { Rule = "fatigue" }),
            Opened(Key with { VehicleId = 12, StartTime = Fixes.Beijing(2026, 11, 20, 23, 59, 59) }),
            Opened(Key with { StartTime = Fixes.Beijing(2026, 11, 21) }),
            Opened(Key with { VehicleId = 21 }, carrier: 2, county: Seed.Qingyang),
        ];

        await store.UpsertAsync(episodes);
        await store.UpsertAsync(episodes);
        await store.UpsertAsync([.. episodes.Select(e => e with { State = EpisodeState.Closed, EndTime = e.Key.StartTime.AddMinutes(1) })]);

        var counts = await new EpisodeQueries(context.DataSource).DailyCountsAsync(new DateOnly(2026, 11, 20), new DateOnly(2026, 11, 21));
        Assert.Equal(
        [
            new(new DateOnly(2026, 11, 20), Seed.Jinjiang, 1, "fatigue", 1),
            new(new DateOnly(2026, 11, 20), Seed.Jinjiang, 1, "overspeed", 2),
            new(new DateOnly(2026, 11, 20), Seed.Qingyang, 2, "overspeed", 1),
            new DailyViolationCount(new DateOnly(2026, 11, 21), Seed.Jinjiang, 1, "overspeed", 1),
        ], counts);
        Assert.Equal(2, (await new EpisodeQueries(context.DataSource).DailyCountsAsync(new DateOnly(2026, 11, 20), new DateOnly(2026, 11, 20), Seed.Jinjiang)).Count);
    }

    internal static async Task Handling_steps_are_kept_once(StorageContext context)
    {
        var store = new EpisodeStore(context.DataSource, context.Path);
        await store.UpsertAsync([Opened(Key)]);
        var notified = new AlertHandlingRecord(Key, "notified", "值班员李", Key.StartTime.AddMinutes(15), "TTS 0x8300 sent");
        var acknowledged = new AlertHandlingRecord(Key, "acknowledged", "值班员李", Key.StartTime.AddMinutes(10), null);

        await store.AddHandlingAsync(notified);
        await store.AddHandlingAsync(acknowledged);
        await store.AddHandlingAsync(notified);

        Assert.Equal([acknowledged, notified], await store.HandlingAsync(Key));
    }
}

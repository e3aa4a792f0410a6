using Monitoring.Storage.Tests.Infrastructure;

namespace Monitoring.Storage.Tests;

[Collection(PostgresCollection.Name)]
public sealed class EpisodeQueryTests(PostgresFixture postgres)
{
    static readonly EpisodeKey E1 = new(11, "overspeed", Fixes.Beijing(2026, 11, 20, 8, 30));
    static readonly EpisodeKey E2 = new(12, "fatigue", Fixes.Beijing(2026, 11, 20, 23, 59, 59));
    static readonly EpisodeKey E3 = new(11, "overspeed", Fixes.Beijing(2026, 11, 21));
    static readonly EpisodeKey E4 = new(21, "overspeed", Fixes.Beijing(2026, 11, 20, 9));
    static readonly EpisodeKey E5 = new(11, "night_ban", Fixes.Beijing(2026, 11, 19, 23));

    [Fact]
    public async Task The_daily_list_holds_the_countys_episodes_of_that_Beijing_day_with_plate_and_last_handling_step()
    {
        await using var db = await postgres.CreateDatabaseAsync();
        await Daily_list(StorageContext.Plain(db));
    }

    [Fact]
    public async Task Episodes_are_filtered_and_paged_newest_first()
    {
        await using var db = await postgres.CreateDatabaseAsync();
        await Filtered_and_paged(StorageContext.Plain(db));
    }

    static async Task<EpisodeStore> SeedAsync(StorageContext context)
    {
        await Seed.ReferenceAsync(context);
        var store = new EpisodeStore(context.DataSource, context.Path);
        await store.UpsertAsync(
        [
            EpisodeStoreTests.Opened(E1, severity: 3),
            EpisodeStoreTests.Opened(E2, severity: 2), // vehicle 12 is in Qingyang, but the episode was recorded for Jinjiang
            EpisodeStoreTests.Opened(E3, severity: 1),
            EpisodeStoreTests.Opened(E4, severity: 2, carrier: 2, county: Seed.Qingyang),
            EpisodeStoreTests.Opened(E5, severity: 4),
        ]);
        return store;
    }

    internal static async Task Daily_list(StorageContext context)
    {
        var store = await SeedAsync(context);
        await store.AddHandlingAsync(new AlertHandlingRecord(E1, "acknowledged", "duty", E1.StartTime.AddMinutes(10), null));
        await store.AddHandlingAsync(new AlertHandlingRecord(E1, "notified", "duty", E1.StartTime.AddMinutes(15), null));

        var list = await new EpisodeQueries(context.DataSource).DailyViolationsAsync(Seed.Jinjiang, new DateOnly(2026, 11, 20));

        Assert.Equal([E1, E2], list.Select(i => i.Episode.Key));
        Assert.Equal(("川A11111", "notified"), (list[0].Plate, list[0].LastHandlingStep));
        Assert.Equal(("川A12222", (string?)null), (list[1].Plate, list[1].LastHandlingStep));
        Assert.Empty(await new EpisodeQueries(context.DataSource).DailyViolationsAsync(Seed.Jinjiang, new DateOnly(2026, 11, 22)));
    }

    internal static async Task Filtered_and_paged(StorageContext context)
    {
        await SeedAsync(context);
        var queries = new EpisodeQueries(context.DataSource);
        var window = new EpisodeFilter(Fixes.Beijing(2026, 11, 19), Fixes.Beijing(2026, 11, 22));

        var page1 = await queries.EpisodesAsync(window with { CountyId = Seed.Jinjiang }, limit: 3);
        var page2 = await queries.EpisodesAsync(window with { CountyId = Seed.Jinjiang }, page1.Next, limit: 3);

        Assert.Equal([E3, E2, E1], page1.Items.Select(e => e.Key));
        Assert.Equal(E1, page1.Next);
        Assert.Equal([E5], page2.Items.Select(e => e.Key));
        Assert.Null(page2.Next);
        Assert.Equal([E3, E1], (await queries.EpisodesAsync(window with { CountyId = Seed.Jinjiang, Rule = "overspeed" })).Items.Select(e => e.Key));
        Assert.Equal([E1, E5], (await queries.EpisodesAsync(window with { MinSeverity = 3 })).Items.Select(e => e.Key));
        Assert.Equal([E4], (await queries.EpisodesAsync(window with { CarrierId = 2 })).Items.Select(e => e.Key));
        Assert.Equal([E4, E1], (await queries.EpisodesAsync(new EpisodeFilter(Fixes.Beijing(2026, 11, 20), Fixes.Beijing(2026, 11, 20, 12)))).Items.Select(e => e.Key));
    }
}

using Monitoring.Storage.Tests.Infrastructure;

namespace Monitoring.Storage.Tests;

/// <summary>
/// Distances are along the meridian 104°E, where the haversine distance is R·Δφ exactly: 0.01° of latitude is
/// 6371.0088 km × π/180 × 0.01 = 1.111951 km (call it one unit, U).
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class AssessmentQueryTests(PostgresFixture postgres)
{
    const double U = 6371.0088 * Math.PI / 180 * 0.01;

    static readonly DateOnly Day = new(2026, 11, 20);

    // Well after the day: its roll-up is final.
    static readonly DateTime Now = Fixes.Utc(2026, 12, 1);

    [Fact]
    public async Task Rates_per_carrier_follow_the_formulas_on_hand_made_tracks()
    {
        await using var db = await postgres.CreateDatabaseAsync();
        await Rates_per_carrier(StorageContext.Plain(db));
    }

    [Fact]
    public async Task Rates_per_county_group_vehicles_by_their_county()
    {
        await using var db = await postgres.CreateDatabaseAsync();
        await Rates_per_county(StorageContext.Plain(db));
    }

    [Fact]
    public async Task Days_outside_the_range_do_not_count()
    {
        await using var db = await postgres.CreateDatabaseAsync();
        var context = StorageContext.Plain(db);
        await SeedAsync(context);

        var nextDay = await new AssessmentQueries(db.DataSource).RatesAsync(AssessmentGrouping.Carrier, Day.AddDays(1), Day.AddDays(1), Now);

        // Only vehicle 21's fix at 00:00:00 on the next day.
        Assert.Equal([0, 1], nextDay.Select(r => r.OnlineVehicles));
        Assert.Equal([0L, 1L], nextDay.Select(r => r.Records));
    }

    [Fact]
    public async Task A_final_day_is_read_from_its_rollup_and_a_recent_day_is_rolled_up_again()
    {
        await using var db = await postgres.CreateDatabaseAsync();
        var context = StorageContext.Plain(db);
        await SeedAsync(context);
        var queries = new AssessmentQueries(db.DataSource);
        var late = Fixes.At(13, T(12, 0), 1, lat: 30.5); // vehicle 13 (carrier 1) reports after the first query

        var recentFirst = await queries.RatesAsync(AssessmentGrouping.Carrier, Day, Day, T(12, 30));
        await context.WriteAsync(late);
        var recentAgain = await queries.RatesAsync(AssessmentGrouping.Carrier, Day, Day, T(12, 40));
        var final = await queries.RatesAsync(AssessmentGrouping.Carrier, Day, Day, Now);
        await context.WriteAsync(Fixes.At(13, T(12, 1), 2, lat: 30.5));
        var finalAgain = await queries.RatesAsync(AssessmentGrouping.Carrier, Day, Day, Now.AddDays(1));

        Assert.Equal((2, 11L), (recentFirst[0].OnlineVehicles, recentFirst[0].Records));
        Assert.Equal((3, 12L), (recentAgain[0].OnlineVehicles, recentAgain[0].Records));
        Assert.Equal(12L, final[0].Records);
        Assert.Equal(12L, finalAgain[0].Records); // final: the later fix is not rolled up again
        Assert.Empty(await queries.DaysToRollUpAsync(Day, Day));
        await queries.RollUpAsync(Day, Now.AddDays(2));
        Assert.Equal(13L, (await queries.RatesAsync(AssessmentGrouping.Carrier, Day, Day, Now))[0].Records);
    }

    static DateTime T(int hour, int minute, int second = 0) => Fixes.Beijing(2026, 11, 20, hour, minute, second);

    static async Task SeedAsync(StorageContext context)
    {
        await Seed.ReferenceAsync(context);
        await context.WriteAsync(
            // Vehicle 11: 1 U, 1 U, then a 10-minute gap of 3 U (incomplete: > 5 min and > 2 km), then 1 U. 5 records, all qualified.
            Fixes.At(11, T(8, 0), 1, lat: 30.00),
            Fixes.At(11, T(8, 1), 2, lat: 30.01),
            Fixes.At(11, T(8, 2), 3, lat: 30.02),
            Fixes.At(11, T(8, 12), 4, lat: 30.05, speedDkmh: 200),
            Fixes.At(11, T(8, 13), 5, lat: 30.06),
            // Vehicle 12: a 10 U jump out and back in 10 s (two drift segments, not mileage), a fix at 200 km/h
            // (unqualified), an invalid fix at 0,0 (unqualified), then 0.5 U in 90 s. 6 records, 4 qualified.
            Fixes.At(12, T(9, 0), 1, lat: 31.0),
            Fixes.At(12, T(9, 0, 10), 2, lat: 31.1),
            Fixes.At(12, T(9, 0, 20), 3, lat: 31.0),
            Fixes.At(12, T(9, 0, 30), 4, lat: 31.0, speedDkmh: 2000),
            Fixes.At(12, T(9, 1), 5, lat: 0, lon: 0, status: 1),
            Fixes.At(12, T(9, 1, 30), 6, lat: 31.005),
            // Vehicle 21: 0.1 U, and a fix dated after its reception (unqualified); one fix each side of the day.
            // 3 records in the day, 2 qualified.
            Fixes.At(21, T(10, 0), 1, lat: 29.0),
            Fixes.At(21, T(10, 0, 30), 2, lat: 29.001),
            Fixes.At(21, T(10, 1), 3, lat: 29.002, receivedAt: T(10, 0)),
            Fixes.At(21, Fixes.Beijing(2026, 11, 19, 23, 59, 59), 4, lat: 28.0),
            Fixes.At(21, Fixes.Beijing(2026, 11, 21), 5, lat: 28.0),
            // Vehicle 22 has no terminal: not connected, so not counted even though a fix exists.
            Fixes.At(22, T(11, 0), 1));
    }

    internal static async Task Rates_per_carrier(StorageContext context)
    {
        await SeedAsync(context);

        var rates = await new AssessmentQueries(context.DataSource).RatesAsync(AssessmentGrouping.Carrier, Day, Day, Now);

        Assert.Equal(2, rates.Count);
        var c1 = rates[0];
        Assert.Equal((1L, "成都客运一公司", 3, 2, 11L, 9L, 1), (c1.GroupId, c1.GroupName, c1.ConnectedVehicles, c1.OnlineVehicles, c1.Records, c1.QualifiedRecords, c1.DriftVehicles));
        Assert.Equal(6.5 * U, c1.MileageKm, 6);
        Assert.Equal(3 * U, c1.IncompleteMileageKm, 6);
        Assert.Equal(2.0 / 3, c1.OnlineRate!.Value, 9);
        Assert.Equal(3.5 / 6.5, c1.TrackCompleteness!.Value, 6);
        Assert.Equal(9.0 / 11, c1.DataQualifiedRate!.Value, 9);
        Assert.Equal(0.5, c1.DriftRate!.Value, 9);

        var c2 = rates[1];
        Assert.Equal((2L, 1, 1, 3L, 2L, 0), (c2.GroupId, c2.ConnectedVehicles, c2.OnlineVehicles, c2.Records, c2.QualifiedRecords, c2.DriftVehicles));
        Assert.Equal(0.1 * U, c2.MileageKm, 6);
        Assert.Equal(1.0, c2.TrackCompleteness!.Value, 9);
        Assert.Equal(0.0, c2.DriftRate!.Value);
    }

    internal static async Task Rates_per_county(StorageContext context)
    {
        await SeedAsync(context);

        var rates = await new AssessmentQueries(context.DataSource).RatesAsync(AssessmentGrouping.County, Day, Day, Now);

        // Jinjiang: 11 and 13 (13 silent). Qingyang: 12 and 21 (22 not connected).
        Assert.Equal([Seed.Jinjiang, Seed.Qingyang], rates.Select(r => r.GroupId));
        Assert.Equal([(2, 1, 5L, 5L, 0), (2, 2, 9L, 6L, 1)], rates.Select(r => (r.ConnectedVehicles, r.OnlineVehicles, r.Records, r.QualifiedRecords, r.DriftVehicles)));
        Assert.Equal(0.5, rates[0].TrackCompleteness!.Value, 6);
        Assert.Equal(1.0, rates[1].TrackCompleteness!.Value, 9);
        Assert.Equal(0.6 * U, rates[1].MileageKm, 6);
    }
}

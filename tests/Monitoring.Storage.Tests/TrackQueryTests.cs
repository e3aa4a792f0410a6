using Monitoring.Storage.Tests.Infrastructure;

namespace Monitoring.Storage.Tests;

[Collection(PostgresCollection.Name)]
public sealed class TrackQueryTests(PostgresFixture postgres)
{
    [Fact]
    public async Task A_track_is_the_fixes_of_the_range_in_time_order_downsampled_when_asked()
    {
        await using var db = await postgres.CreateDatabaseAsync();
        await Track_of_a_range(StorageContext.Plain(db));
    }

    [Fact]
    public async Task An_empty_range_is_refused()
    {
        await using var db = await postgres.CreateDatabaseAsync();
        var at = Fixes.Beijing(2026, 11, 20, 8);

        await Assert.ThrowsAsync<ArgumentException>(() => new TrackQueries(db.DataSource).TrackAsync(11, at, at));
    }

    internal static async Task Track_of_a_range(StorageContext context)
    {
        // Vehicle 11: a valid fix every 10 s from 08:00:00 to 08:04:50 Beijing, one invalid fix at 08:02:05,
        // and vehicle 12 at the same times (must not show up).
        var start = Fixes.Beijing(2026, 11, 20, 8);
        var fixes = Fixes.Run(11, start, 30, TimeSpan.FromSeconds(10)).ToList();
        fixes.Add(Fixes.At(11, start.AddSeconds(125), 500, lat: 0, lon: 0, status: 0));
        fixes.AddRange(Fixes.Run(12, start, 30, TimeSpan.FromSeconds(10)));
        await context.WriteAsync([.. fixes]);
        var queries = new TrackQueries(context.DataSource);
        var from = start.AddMinutes(1);
        var to = start.AddMinutes(3);

        var valid = await queries.TrackAsync(11, from, to);
        var all = await queries.TrackAsync(11, from, to, validOnly: false);
        var perMinute = await queries.TrackAsync(11, from, to, TimeSpan.FromMinutes(1));
        var per25s = await queries.TrackAsync(11, from, to, TimeSpan.FromSeconds(25));
        var per25sAll = await queries.TrackAsync(11, from, to, TimeSpan.FromSeconds(25), validOnly: false);

        // [08:01:00, 08:03:00): the 12 valid fixes 08:01:00 … 08:02:50, plus the invalid one.
        Assert.Equal(Enumerable.Range(6, 12).Select(i => start.AddSeconds(10 * i)), valid.Select(p => p.DeviceTime));
        Assert.Equal(13, all.Count);
        Assert.Equal(start.AddSeconds(125), all[7].DeviceTime);
        var first = valid[0];
        Assert.Equal((6, 30.00006, 104.0, 60.0, 90, (short)500, Fixes.Moving), (first.Serial, first.Latitude, first.Longitude, first.SpeedKmh, first.Direction, first.AltitudeM, first.Status));
        // One per minute: the first fix of 08:01 and of 08:02.
        Assert.Equal([start.AddMinutes(1), start.AddMinutes(2)], perMinute.Select(p => p.DeviceTime));
        // 25 s buckets from the epoch (08:00:00 Beijing is a multiple of 25 s): [08:00:50, 08:01:15) → 08:01:00,
        // [08:01:15, 08:01:40) → 08:01:20, [08:01:40, 08:02:05) → 08:01:40, [08:02:05, 08:02:30) → 08:02:10
        // (08:02:05 itself is invalid), [08:02:30, 08:02:55) → 08:02:30.
        Assert.Equal(new[] { 60, 80, 100, 130, 150 }.Select(s => start.AddSeconds(s)), per25s.Select(p => p.DeviceTime));
        Assert.Equal(new[] { 60, 80, 100, 125, 150 }.Select(s => start.AddSeconds(s)), per25sAll.Select(p => p.DeviceTime));
    }
}

using Monitoring.Storage;
using Npgsql;

namespace Monitoring.Api.Tests.Infrastructure;

/// <summary>
/// Two counties, three carriers, four vehicles, five episodes, tracks and last fixes, and one API key per role and
/// scope. County A (431202) holds carriers 1 and 2; county B (431221) holds carrier 3.
/// </summary>
public sealed class Seed
{
    public const int CountyA = 431202;
    public const int CountyB = 431221;
    public const long Carrier1 = 1;
    public const long Carrier2 = 2;
    public const long Carrier3 = 3;

    /// <summary>Carrier 1, county A, 2013 terminal.</summary>
    public const long V11 = 11;

    /// <summary>Carrier 2, county A.</summary>
    public const long V12 = 12;

    /// <summary>Carrier 1, county A, no terminal.</summary>
    public const long V13 = 13;

    /// <summary>Carrier 3, county B, 2019 terminal.</summary>
    public const long V21 = 21;

    public const string Phone11 = "014900000011";
    public const string Phone21 = "01490000000000000021";

    /// <summary>Yesterday (Asia/Shanghai), so that the "last N days" answers hold it.</summary>
    public static readonly DateOnly Day = ShanghaiTime.DayOf(DateTime.UtcNow).AddDays(-1);

    /// <summary>10:00 Beijing on <see cref="Day"/>.</summary>
    public static readonly DateTime T0 = ShanghaiTime.StartOf(Day).AddHours(10);

    public static readonly EpisodeKey Overspeed11 = new(V11, "overspeed", T0);
    public static readonly EpisodeKey NightBan12 = new(V12, "night_ban", T0.AddHours(1));
    public static readonly EpisodeKey Overspeed21 = new(V21, "overspeed", T0.AddHours(2));
    public static readonly EpisodeKey Emergency11 = new(V11, "terminal_alarm:emergency", T0.AddHours(3));
    public static readonly EpisodeKey Fatigue13 = new(V13, "fatigue_continuous", T0.AddHours(4));

    public required string CenterKey { get; init; }

    public required string CountyAKey { get; init; }

    public required string CountyBKey { get; init; }

    public required string Carrier1Key { get; init; }

    public required string Carrier2Key { get; init; }

    public required string Carrier3Key { get; init; }

    public static async Task<Seed> WriteAsync(NpgsqlDataSource dataSource, DateTime utcNow)
    {
        var reference = new ReferenceStore(dataSource);
        await reference.UpsertAsync(new County(CountyA, "鹤城区"));
        await reference.UpsertAsync(new County(CountyB, "中方县"));
        await reference.UpsertAsync(new Carrier(Carrier1, "鹤城客运有限公司", CountyA));
        await reference.UpsertAsync(new Carrier(Carrier2, "鹤城危险货物运输有限公司", CountyA));
        await reference.UpsertAsync(new Carrier(Carrier3, "中方旅游运输有限公司", CountyB));
        await reference.UpsertAsync(new VehicleRecord(V11, "湘N11111", 2, "line_coach", true, 100, Phone11, Carrier1, CountyA));
        await reference.UpsertAsync(new VehicleRecord(V12, "湘N22222", 2, "hazmat", false, 80, "014900000012", Carrier2, CountyA));
        await reference.UpsertAsync(new VehicleRecord(V13, "湘N44444", 1, "tourist_coach", false, 100, null, Carrier1, CountyA));
        await reference.UpsertAsync(new VehicleRecord(V21, "湘N33333", 2, "tourist_coach", false, 100, Phone21, Carrier3, CountyB));

        var episodes = new EpisodeStore(dataSource, StoragePath.Plain);
        await episodes.UpsertAsync(
        [
            new EpisodeRecord(Overspeed11, EpisodeState.Opened, 3, null, 100, 108, false, Carrier1, CountyA, T0),
            new EpisodeRecord(Overspeed11, EpisodeState.Closed, 3, T0.AddMinutes(5), 100, 112.5, false, Carrier1, CountyA, T0.AddMinutes(5)),
            new EpisodeRecord(NightBan12, EpisodeState.Opened, 2, null, null, null, false, Carrier2, CountyA, NightBan12.StartTime),
            new EpisodeRecord(Overspeed21, EpisodeState.Closed, 4, Overspeed21.StartTime.AddMinutes(2), 100, 125, false, Carrier3, CountyB, Overspeed21.StartTime),
            new EpisodeRecord(Emergency11, EpisodeState.Opened, 5, null, null, null, false, Carrier1, CountyA, Emergency11.StartTime),
            new EpisodeRecord(Fatigue13, EpisodeState.Opened, 2, null, null, null, false, Carrier1, CountyA, Fatigue13.StartTime),
        ]);

        await using (var command = dataSource.CreateCommand("""
            INSERT INTO positions (vehicle_id, device_time, received_at, serial, lat_e6, lon_e6, speed_dkmh, direction, altitude_m, alarm, status, source)
            SELECT v, $1 + make_interval(secs => s * 30), $1 + make_interval(secs => s * 30 + 2), s, 27550000 + s * 100, 109990000 + s * 100,
                   1000 + s, 90, 200, 0, 2, 0
            FROM unnest(ARRAY[11, 21]::bigint[]) AS v, generate_series(0, 39) AS s
            """))
        {
            command.Parameters.Add(new() { Value = T0.AddMinutes(-10) });
            await command.ExecuteNonQueryAsync();
        }

        await using (var command = dataSource.CreateCommand("""
            INSERT INTO last_positions (vehicle_id, device_time, serial, received_at, lat_e6, lon_e6, speed_dkmh, direction, altitude_m, alarm, status)
            VALUES (11, $1, 1, $1, 27560000, 110000000, 600, 45, 200, 0, 2), (21, $2, 1, $2, 27440000, 109950000, 0, 0, 200, 0, 2)
            """))
        {
            command.Parameters.Add(new() { Value = utcNow.AddMinutes(-1) });
            command.Parameters.Add(new() { Value = utcNow.AddDays(-1) });
            await command.ExecuteNonQueryAsync();
        }

        var keys = new ApiKeyStore(dataSource);
        return new Seed
        {
            CenterKey = (await keys.CreateAsync("duty-center", ApiRole.Center, null, null, utcNow)).Key,
            CountyAKey = (await keys.CreateAsync("county-a", ApiRole.County, CountyA, null, utcNow)).Key,
            CountyBKey = (await keys.CreateAsync("county-b", ApiRole.County, CountyB, null, utcNow)).Key,
            Carrier1Key = (await keys.CreateAsync("carrier-1", ApiRole.Carrier, null, Carrier1, utcNow)).Key,
            Carrier2Key = (await keys.CreateAsync("carrier-2", ApiRole.Carrier, null, Carrier2, utcNow)).Key,
            Carrier3Key = (await keys.CreateAsync("carrier-3", ApiRole.Carrier, null, Carrier3, utcNow)).Key,
        };
    }
}

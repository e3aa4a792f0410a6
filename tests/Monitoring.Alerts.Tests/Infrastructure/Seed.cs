using Monitoring.Storage;

namespace Monitoring.Alerts.Tests.Infrastructure;

/// <summary>
/// Two carriers: carrier 1 (county 510104) with vehicles 11 and 12, carrier 2 (county 510105) with vehicle 21.
/// Episodes start on 2026-11-20 Beijing time.
/// </summary>
static class Seed
{
    public const int Jinjiang = 510104;
    public const int Qingyang = 510105;

    public static readonly DateTime Start = new(2026, 11, 20, 0, 30, 0, DateTimeKind.Utc);

    public static async Task ReferenceAsync(TestDatabase db)
    {
        var store = new ReferenceStore(db.DataSource);
        await store.UpsertAsync(new County(Jinjiang, "锦江区"));
        await store.UpsertAsync(new County(Qingyang, "青羊区"));
        await store.UpsertAsync(new Carrier(1, "成都客运一公司", Jinjiang));
        await store.UpsertAsync(new Carrier(2, "青羊危货运输", Qingyang));
        await store.UpsertAsync(new VehicleRecord(11, "川A11111", 2, "tourist", false, 100, "013800000011", 1, Jinjiang));
        await store.UpsertAsync(new VehicleRecord(12, "川A12222", 2, "line_coach", true, 100, "013800000012", 1, Jinjiang));
        await store.UpsertAsync(new VehicleRecord(21, "川A21111", 1, "hazmat", false, 80, "013800000021", 2, Qingyang));
    }

    public static EpisodeKey Key(long vehicle, string rule = "overspeed", int minutes = 0) => new(vehicle, rule, Start.AddMinutes(minutes));

    /// <summary>An opened overspeed record of the vehicle's carrier and county.</summary>
    public static EpisodeRecord Opened(EpisodeKey key, short severity = 1, bool late = false) =>
        new(key, EpisodeState.Opened, severity, null, 100, 112.5, late, key.VehicleId >= 20 ? 2 : 1,
            key.VehicleId >= 20 ? Qingyang : Jinjiang, key.StartTime.AddSeconds(30));

    public static EpisodeRecord Escalated(EpisodeKey key, short severity) =>
        Opened(key) with { State = EpisodeState.Escalated, Severity = severity, MaxSpeedKmh = 131.0, UpdatedAt = key.StartTime.AddMinutes(2) };

    public static EpisodeRecord Closed(EpisodeKey key, short severity) =>
        Opened(key) with { State = EpisodeState.Closed, Severity = severity, MaxSpeedKmh = 131.0, EndTime = key.StartTime.AddMinutes(5), UpdatedAt = key.StartTime.AddMinutes(5) };

    /// <summary>The full life of one episode: opened (1), escalated (3), closed (3).</summary>
    public static EpisodeRecord[] Life(EpisodeKey key) => [Opened(key), Escalated(key, 3), Closed(key, 3)];
}

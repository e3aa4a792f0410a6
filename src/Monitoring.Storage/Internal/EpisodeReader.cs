using Npgsql;

namespace Monitoring.Storage.Internal;

/// <summary>Reads <see cref="EpisodeRecord"/>s from rows selected with <see cref="Columns"/> first.</summary>
static class EpisodeReader
{
    public const string Columns =
        "episodes.vehicle_id, episodes.rule, episodes.start_time, episodes.state, episodes.severity, episodes.end_time, episodes.limit_kmh, episodes.max_speed_kmh, episodes.late, episodes.carrier_id, episodes.county_id, episodes.updated_at";

    public const int ColumnCount = 12;

    public static EpisodeRecord Read(NpgsqlDataReader r) => new(
        new EpisodeKey(r.GetInt64(0), r.GetString(1), r.GetFieldValue<DateTime>(2)),
        (EpisodeState)r.GetInt16(3),
        r.GetInt16(4),
        r.IsDBNull(5) ? null : r.GetFieldValue<DateTime>(5),
        r.IsDBNull(6) ? null : r.GetDouble(6),
        r.IsDBNull(7) ? null : r.GetDouble(7),
        r.GetBoolean(8),
        r.GetInt64(9),
        r.GetInt32(10),
        r.GetFieldValue<DateTime>(11));
}

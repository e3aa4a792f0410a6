using Npgsql;

namespace Monitoring.Storage.Internal;

/// <summary>Reads <see cref="AlertEvent"/>s and <see cref="AlertEventDetail"/>s from rows selected with
/// <see cref="Columns"/> (and <see cref="DetailColumns"/> over <see cref="DetailJoins"/>) starting at an ordinal.</summary>
static class AlertEventReader
{
    public const string Columns =
        "ae.id, ae.vehicle_id, ae.rule, ae.start_time, ae.transition, ae.severity, ae.late, ae.carrier_id, ae.county_id, ae.created_at";

    public const string DetailColumns =
        Columns + ", v.plate, v.plate_colour, c.name, co.name, ep.end_time, ep.limit_kmh, ep.max_speed_kmh";

    /// <summary>Joins for <see cref="DetailColumns"/> onto <c>alert_events ae</c>; outer joins, because an episode's
    /// partition may expire before its events.</summary>
    public const string DetailJoins = """
        LEFT JOIN vehicles v ON v.id = ae.vehicle_id
        LEFT JOIN carriers c ON c.id = ae.carrier_id
        LEFT JOIN counties co ON co.id = ae.county_id
        LEFT JOIN episodes ep ON ep.vehicle_id = ae.vehicle_id AND ep.rule = ae.rule AND ep.start_time = ae.start_time
        """;

    public static AlertEvent Read(NpgsqlDataReader r, int first = 0) => new(
        r.GetInt64(first),
        new EpisodeKey(r.GetInt64(first + 1), r.GetString(first + 2), r.GetFieldValue<DateTime>(first + 3)),
        (EpisodeState)r.GetInt16(first + 4),
        r.GetInt16(first + 5),
        r.GetBoolean(first + 6),
        r.GetInt64(first + 7),
        r.GetInt32(first + 8),
        r.GetFieldValue<DateTime>(first + 9));

    public static AlertEventDetail ReadDetail(NpgsqlDataReader r, int first = 0)
    {
        int d = first + 10;
        return new AlertEventDetail(
            Read(r, first),
            r.IsDBNull(d) ? null : r.GetString(d),
            r.IsDBNull(d + 1) ? null : r.GetInt16(d + 1),
            r.IsDBNull(d + 2) ? null : r.GetString(d + 2),
            r.IsDBNull(d + 3) ? null : r.GetString(d + 3),
            r.IsDBNull(d + 4) ? null : r.GetFieldValue<DateTime>(d + 4),
            r.IsDBNull(d + 5) ? null : r.GetDouble(d + 5),
            r.IsDBNull(d + 6) ? null : r.GetDouble(d + 6));
    }
}

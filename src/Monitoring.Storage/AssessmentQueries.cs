using Npgsql;
using NpgsqlTypes;

namespace Monitoring.Storage;

/// <summary>
/// The assessment rates of RULES.md §5.2 computed from the stored positions (docs/storage.md, "Assessment rates",
/// gives every definition). A report query: it reads every position of the range once, partition-pruned by day.
/// </summary>
public sealed class AssessmentQueries(NpgsqlDataSource dataSource)
{
    /// <summary>A valid fix jump implying more than this speed is drift (RULES.md §12).</summary>
    public const double DriftSpeedKmh = 160;

    /// <summary>A gap between consecutive valid fixes longer than this and wider than <see cref="IncompleteGapKm"/> is incomplete track (RULES.md §12).</summary>
    public const int IncompleteGapSeconds = 300;

    public const double IncompleteGapKm = 2;

    /// <summary>Rates per carrier or county over the Asia/Shanghai days [<paramref name="from"/>, <paramref name="to"/>] (inclusive).</summary>
    public async Task<IReadOnlyList<AssessmentRates>> RatesAsync(AssessmentGrouping grouping, DateOnly from, DateOnly to, CancellationToken cancellationToken = default)
    {
        if (to < from)
        {
            throw new ArgumentException("The date range is empty: 'to' is before 'from'.", nameof(to));
        }

        (string groupColumn, string groupTable) = grouping == AssessmentGrouping.Carrier ? ("carrier_id", "carriers") : ("county_id", "counties");
        await using var command = dataSource.CreateCommand($"""
            WITH fleet AS (
                SELECT id, {groupColumn}::bigint AS group_id FROM vehicles WHERE terminal_phone IS NOT NULL
            ),
            p AS (
                SELECT p.vehicle_id, p.device_time, p.serial, p.lat_e6, p.lon_e6, p.status & 2 <> 0 AS positioned,
                       monitoring_position_qualified(p.device_time, p.received_at, p.lat_e6, p.lon_e6, p.speed_dkmh, p.direction, p.altitude_m) AS qualified
                FROM positions p JOIN fleet f ON f.id = p.vehicle_id
                WHERE p.device_time >= $1 AND p.device_time < $2
            ),
            records AS (
                SELECT vehicle_id, count(*) AS records, count(*) FILTER (WHERE qualified) AS qualified FROM p GROUP BY vehicle_id
            ),
            segments AS (
                SELECT vehicle_id,
                       extract(epoch FROM device_time - lag(device_time) OVER w) AS gap_s,
                       monitoring_distance_km(lag(lat_e6) OVER w, lag(lon_e6) OVER w, lat_e6, lon_e6) AS km
                FROM p WHERE positioned AND qualified
                WINDOW w AS (PARTITION BY vehicle_id ORDER BY device_time, serial)
            ),
            classified AS (
                SELECT vehicle_id, gap_s, km, km > 0 AND (gap_s <= 0 OR km * 3600 / gap_s > $3) AS drift
                FROM segments WHERE gap_s IS NOT NULL
            ),
            mileage AS (
                SELECT vehicle_id,
                       coalesce(sum(km) FILTER (WHERE NOT drift), 0) AS km,
                       coalesce(sum(km) FILTER (WHERE NOT drift AND gap_s > $4 AND km > $5), 0) AS incomplete_km,
                       bool_or(drift) AS drifted
                FROM classified GROUP BY vehicle_id
            )
            SELECT g.id::bigint, g.name, count(*)::integer, count(r.vehicle_id)::integer,
                   coalesce(sum(r.records), 0)::bigint, coalesce(sum(r.qualified), 0)::bigint,
                   coalesce(sum(m.km), 0)::double precision, coalesce(sum(m.incomplete_km), 0)::double precision,
                   (count(*) FILTER (WHERE m.drifted))::integer
            FROM fleet f
            JOIN {groupTable} g ON g.id = f.group_id
            LEFT JOIN records r ON r.vehicle_id = f.id
            LEFT JOIN mileage m ON m.vehicle_id = f.id
            GROUP BY g.id, g.name
            ORDER BY g.id
            """);
        command.Parameters.Add(new() { Value = ShanghaiTime.StartOf(from), NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new() { Value = ShanghaiTime.StartOf(to.AddDays(1)), NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new() { Value = DriftSpeedKmh });
        command.Parameters.Add(new() { Value = (double)IncompleteGapSeconds });
        command.Parameters.Add(new() { Value = IncompleteGapKm });
        command.CommandTimeout = 600;
        var list = new List<AssessmentRates>();
        await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(new AssessmentRates(r.GetInt64(0), r.GetString(1), r.GetInt32(2), r.GetInt32(3), r.GetInt64(4), r.GetInt64(5),
                r.GetDouble(6), r.GetDouble(7), r.GetInt32(8)));
        }

        return list;
    }
}

using Npgsql;
using NpgsqlTypes;

namespace Monitoring.Storage;

/// <summary>
/// The assessment rates of RULES.md §5.2 (docs/storage.md, "Assessment rates", gives every definition). Positions
/// are rolled up once per vehicle and Asia/Shanghai day into <c>vehicle_daily_stats</c> (one scan of that day's
/// partition), and the rates of any range are sums over those rows, so a year costs 365 small reads. A day
/// becomes final when rolled up more than <see cref="FinalAfter"/> after it ended (the maintenance does that
/// daily); a younger day, or one never rolled up, is rolled up again when a range that holds it is asked for.
/// </summary>
public sealed class AssessmentQueries(NpgsqlDataSource dataSource)
{
    /// <summary>A valid fix jump implying more than this speed is drift (RULES.md §12).</summary>
    public const double DriftSpeedKmh = 160;

    /// <summary>A gap between consecutive valid fixes longer than this and wider than <see cref="IncompleteGapKm"/> is incomplete track (RULES.md §12).</summary>
    public const int IncompleteGapSeconds = 300;

    public const double IncompleteGapKm = 2;

    /// <summary>How long after its end a day's roll-up still changes (blind-area back-fill arrives late).</summary>
    public static readonly TimeSpan FinalAfter = TimeSpan.FromDays(1);

    // One day of positions into per-vehicle figures. Segments join consecutive valid fixes of the day.
    // The advisory lock serializes roll-ups of the same day (a query and the maintenance at once).
    const string RollUpSql = """
        SELECT pg_advisory_xact_lock(1297042753, @day - date '2000-01-01');
        DELETE FROM vehicle_daily_stats WHERE day = @day;
        WITH p AS (
            SELECT vehicle_id, device_time, serial, lat_e6, lon_e6, status & 2 <> 0 AS positioned,
                   monitoring_position_qualified(device_time, received_at, lat_e6, lon_e6, speed_dkmh, direction, altitude_m) AS qualified
            FROM positions WHERE device_time >= @from AND device_time < @to
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
            SELECT vehicle_id, gap_s, km, km > 0 AND (gap_s <= 0 OR km * 3600 / gap_s > @drift_kmh) AS drift
            FROM segments WHERE gap_s IS NOT NULL
        ),
        mileage AS (
            SELECT vehicle_id,
                   coalesce(sum(km) FILTER (WHERE NOT drift), 0) AS km,
                   coalesce(sum(km) FILTER (WHERE NOT drift AND gap_s > @gap_s AND km > @gap_km), 0) AS incomplete_km,
                   count(*) FILTER (WHERE drift) AS drift_segments
            FROM classified GROUP BY vehicle_id
        )
        INSERT INTO vehicle_daily_stats (day, vehicle_id, records, qualified, mileage_km, incomplete_km, drift_segments)
        SELECT @day, r.vehicle_id, r.records, r.qualified, coalesce(m.km, 0), coalesce(m.incomplete_km, 0), coalesce(m.drift_segments, 0)::integer
        FROM records r LEFT JOIN mileage m ON m.vehicle_id = r.vehicle_id;
        INSERT INTO assessment_days (day, rolled_up_at) VALUES (@day, @now)
        ON CONFLICT (day) DO UPDATE SET rolled_up_at = EXCLUDED.rolled_up_at;
        """;

    /// <summary>
    /// Rates per carrier or county over the Asia/Shanghai days [<paramref name="from"/>, <paramref name="to"/>]
    /// (inclusive), rolling up first the days of the range that are not final at <paramref name="utcNow"/>. With
    /// <paramref name="countyId"/> or <paramref name="carrierId"/>, only that county's or carrier's vehicles count (an
    /// API key's scope, applied in the query).
    /// </summary>
    public async Task<IReadOnlyList<AssessmentRates>> RatesAsync(AssessmentGrouping grouping, DateOnly from, DateOnly to, DateTime utcNow,
        CancellationToken cancellationToken = default, int? countyId = null, long? carrierId = null)
    {
        if (to < from)
        {
            throw new ArgumentException("The date range is empty: 'to' is before 'from'.", nameof(to));
        }

        EpisodeStore.RequireUtc(utcNow, nameof(utcNow));
        var today = ShanghaiTime.DayOf(utcNow);
        foreach (var day in await DaysToRollUpAsync(from, to < today ? to : today, cancellationToken).ConfigureAwait(false))
        {
            await RollUpAsync(day, utcNow, cancellationToken).ConfigureAwait(false);
        }

        (string groupColumn, string groupTable) = grouping == AssessmentGrouping.Carrier ? ("carrier_id", "carriers") : ("county_id", "counties");
        await using var command = dataSource.CreateCommand($"""
            WITH fleet AS (
                SELECT id, {groupColumn}::bigint AS group_id FROM vehicles
                WHERE terminal_phone IS NOT NULL AND ($3::integer IS NULL OR county_id = $3) AND ($4::bigint IS NULL OR carrier_id = $4)
            ),
            per_vehicle AS (
                SELECT vehicle_id, sum(records) AS records, sum(qualified) AS qualified, sum(mileage_km) AS km,
                       sum(incomplete_km) AS incomplete_km, sum(drift_segments) AS drift_segments
                FROM vehicle_daily_stats WHERE day BETWEEN $1 AND $2 GROUP BY vehicle_id
            )
            SELECT g.id::bigint, g.name, count(*)::integer, count(v.vehicle_id) FILTER (WHERE v.records > 0)::integer,
                   coalesce(sum(v.records), 0)::bigint, coalesce(sum(v.qualified), 0)::bigint,
                   coalesce(sum(v.km), 0)::double precision, coalesce(sum(v.incomplete_km), 0)::double precision,
                   (count(*) FILTER (WHERE v.drift_segments > 0))::integer
            FROM fleet f
            JOIN {groupTable} g ON g.id = f.group_id
            LEFT JOIN per_vehicle v ON v.vehicle_id = f.id
            GROUP BY g.id, g.name
            ORDER BY g.id
            """);
        command.Parameters.Add(new() { Value = from });
        command.Parameters.Add(new() { Value = to });
        command.Parameters.Add(new() { Value = (object?)countyId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer });
        command.Parameters.Add(new() { Value = (object?)carrierId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint });
        var list = new List<AssessmentRates>();
        await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(new AssessmentRates(r.GetInt64(0), r.GetString(1), r.GetInt32(2), r.GetInt32(3), r.GetInt64(4), r.GetInt64(5),
                r.GetDouble(6), r.GetDouble(7), r.GetInt32(8)));
        }

        return list;
    }

    /// <summary>Rolls up one Asia/Shanghai day (again): re-runnable, one transaction.</summary>
    public async Task RollUpAsync(DateOnly day, DateTime utcNow, CancellationToken cancellationToken = default)
    {
        EpisodeStore.RequireUtc(utcNow, nameof(utcNow));
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var command = new NpgsqlCommand(RollUpSql, connection, transaction) { CommandTimeout = 3600 })
        {
            // Named parameters: the text holds several statements, which Npgsql splits only when it parses names.
            command.Parameters.Add(new("day", NpgsqlDbType.Date) { Value = day });
            command.Parameters.Add(new("from", NpgsqlDbType.TimestampTz) { Value = ShanghaiTime.StartOf(day) });
            command.Parameters.Add(new("to", NpgsqlDbType.TimestampTz) { Value = ShanghaiTime.StartOf(day.AddDays(1)) });
            command.Parameters.Add(new("drift_kmh", NpgsqlDbType.Double) { Value = DriftSpeedKmh });
            command.Parameters.Add(new("gap_s", NpgsqlDbType.Double) { Value = (double)IncompleteGapSeconds });
            command.Parameters.Add(new("gap_km", NpgsqlDbType.Double) { Value = IncompleteGapKm });
            command.Parameters.Add(new("now", NpgsqlDbType.TimestampTz) { Value = utcNow });
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The days in [<paramref name="from"/>, <paramref name="to"/>] that are not final: never rolled up, or
    /// rolled up less than <see cref="FinalAfter"/> after they ended.</summary>
    public async Task<IReadOnlyList<DateOnly>> DaysToRollUpAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken = default)
    {
        var days = new List<DateOnly>();
        if (to < from)
        {
            return days;
        }

        await using var command = dataSource.CreateCommand("""
            SELECT d::date FROM generate_series($1::date, $2::date, interval '1 day') AS d
            WHERE NOT EXISTS (
                SELECT 1 FROM assessment_days a
                WHERE a.day = d::date AND a.rolled_up_at >= ((d::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai') + $3)
            ORDER BY 1
            """);
        command.Parameters.Add(new() { Value = from });
        command.Parameters.Add(new() { Value = to });
        command.Parameters.Add(new() { Value = FinalAfter, NpgsqlDbType = NpgsqlDbType.Interval });
        await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            days.Add(r.GetFieldValue<DateOnly>(0));
        }

        return days;
    }
}

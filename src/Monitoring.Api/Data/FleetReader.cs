using Monitoring.Api.Access;
using Monitoring.Api.Contracts;
using Monitoring.Storage;
using NpgsqlTypes;

namespace Monitoring.Api.Data;

/// <summary>Fleet status and assessment rates over the vehicles within the caller's scope (filtered in SQL before grouping).</summary>
sealed class FleetReader(ApiDatabase database, ApiOptions options, TimeProvider time)
{
    public async Task<IReadOnlyList<FleetStatusRow>> StatusAsync(Caller caller, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var sql = new Sql("SELECT c.id, c.name, count(v.id)::integer, ");
        string t = sql.P(now, NpgsqlDbType.TimestampTz);
        string window = sql.P(options.OnlineWindow, NpgsqlDbType.Interval);
        sql.Append($"""
            (count(lp.vehicle_id) FILTER (WHERE lp.received_at > {t} - {window} AND lp.received_at <= {t} + interval '1 minute'))::integer,
            (count(v.id) FILTER (WHERE lp.vehicle_id IS NULL))::integer
            FROM vehicles v
            JOIN counties c ON c.id = v.county_id
            LEFT JOIN last_positions lp ON lp.vehicle_id = v.id
            """);
        sql.Append($" WHERE {caller.Condition(sql, "v.county_id", "v.carrier_id")} GROUP BY c.id, c.name ORDER BY c.id");
        var list = new List<FleetStatusRow>();
        await using var command = sql.Command(database.DataSource);
        await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            int vehicles = r.GetInt32(2);
            int online = r.GetInt32(3);
            list.Add(new FleetStatusRow(r.GetInt32(0), r.GetString(1), vehicles, online, vehicles - online, r.GetInt32(4)));
        }

        return list;
    }

    /// <summary>
    /// The rates of <see cref="AssessmentQueries.RatesAsync"/>, over the connected vehicles within scope only: a
    /// carrier key asking by county gets its county's row with its own vehicles. Days not final are rolled up first.
    /// </summary>
    public async Task<IReadOnlyList<AssessmentRow>> AssessmentAsync(Caller caller, AssessmentGrouping grouping, DateOnly from, DateOnly to,
        CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var assessment = new AssessmentQueries(database.DataSource);
        var today = ShanghaiTime.DayOf(now);
        foreach (var day in await assessment.DaysToRollUpAsync(from, to < today ? to : today, cancellationToken).ConfigureAwait(false))
        {
            await assessment.RollUpAsync(day, now, cancellationToken).ConfigureAwait(false);
        }

        (string groupColumn, string groupTable) = grouping == AssessmentGrouping.Carrier ? ("carrier_id", "carriers") : ("county_id", "counties");
        var sql = new Sql($"WITH fleet AS (SELECT v.id, v.{groupColumn}::bigint AS group_id FROM vehicles v WHERE v.terminal_phone IS NOT NULL AND ");
        sql.Append(caller.Condition(sql, "v.county_id", "v.carrier_id"));
        sql.Append($"""
            ),
            per_vehicle AS (
                SELECT s.vehicle_id, sum(s.records) AS records, sum(s.qualified) AS qualified, sum(s.mileage_km) AS km,
                       sum(s.incomplete_km) AS incomplete_km, sum(s.drift_segments) AS drift_segments
                FROM vehicle_daily_stats s JOIN fleet f ON f.id = s.vehicle_id
                WHERE s.day BETWEEN {sql.P(from, NpgsqlDbType.Date)} AND {sql.P(to, NpgsqlDbType.Date)} GROUP BY s.vehicle_id
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
        var list = new List<AssessmentRow>();
        await using var command = sql.Command(database.DataSource);
        await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var rates = new AssessmentRates(r.GetInt64(0), r.GetString(1), r.GetInt32(2), r.GetInt32(3), r.GetInt64(4), r.GetInt64(5),
                r.GetDouble(6), r.GetDouble(7), r.GetInt32(8));
            list.Add(new AssessmentRow(rates.GroupId, rates.GroupName, rates.OnlineRate, rates.TrackCompleteness, rates.DataQualifiedRate, rates.DriftRate,
                rates.ConnectedVehicles, rates.OnlineVehicles, rates.Records, rates.QualifiedRecords, rates.MileageKm, rates.IncompleteMileageKm,
                rates.DriftVehicles));
        }

        return list;
    }
}

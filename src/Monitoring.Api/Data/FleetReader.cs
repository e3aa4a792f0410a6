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
        var rates = await new AssessmentQueries(database.DataSource).RatesAsync(grouping, from, to, time.GetUtcNow().UtcDateTime, cancellationToken,
            countyId: caller.Role == ApiRole.County ? caller.CountyId : null,
            carrierId: caller.Role == ApiRole.Carrier ? caller.CarrierId : null).ConfigureAwait(false);
        return [.. rates.Select(r => new AssessmentRow(r.GroupId, r.GroupName, r.OnlineRate, r.TrackCompleteness, r.DataQualifiedRate, r.DriftRate,
            r.ConnectedVehicles, r.OnlineVehicles, r.Records, r.QualifiedRecords, r.MileageKm, r.IncompleteMileageKm, r.DriftVehicles))];
    }
}

using Monitoring.Api.Access;
using Monitoring.Api.Alerts;
using Monitoring.Api.Contracts;
using Npgsql;
using NpgsqlTypes;

namespace Monitoring.Api.Data;

/// <summary>Vehicles with their last fix, and tracks, within the caller's scope in SQL.</summary>
sealed class VehicleReader(ApiDatabase database, ApiOptions options, TimeProvider time)
{
    /// <summary>Most points one track answer carries.</summary>
    public const int MaxTrackPoints = 100_000;

    const string Select = """
        SELECT v.id, v.plate, v.plate_colour, v.class, v.carrier_id, coalesce(ca.name, ''), v.county_id, coalesce(co.name, ''), v.terminal_phone,
               lp.device_time, lp.lat_e6, lp.lon_e6, lp.speed_dkmh, lp.direction, lp.received_at
        FROM vehicles v
        LEFT JOIN carriers ca ON ca.id = v.carrier_id
        LEFT JOIN counties co ON co.id = v.county_id
        LEFT JOIN last_positions lp ON lp.vehicle_id = v.id
        """;

    public async Task<IReadOnlyList<Vehicle>> ListAsync(Caller caller, int? countyId, long? carrierId, string? plate, int limit, CancellationToken cancellationToken)
    {
        var sql = new Sql(Select);
        sql.Append($" WHERE {caller.Condition(sql, "v.county_id", "v.carrier_id")}");
        if (countyId is { } county)
        {
            sql.Append($" AND v.county_id = {sql.P(county, NpgsqlDbType.Integer)}");
        }

        if (carrierId is { } carrier)
        {
            sql.Append($" AND v.carrier_id = {sql.P(carrier, NpgsqlDbType.Bigint)}");
        }

        if (plate is not null)
        {
            sql.Append($" AND strpos(v.plate, {sql.P(plate, NpgsqlDbType.Text)}) > 0");
        }

        sql.Append($" ORDER BY v.id LIMIT {limit}");
        return await ReadAsync(sql, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The vehicle, or null when it does not exist or is outside the caller's scope.</summary>
    public async Task<Vehicle?> FindAsync(Caller caller, long id, CancellationToken cancellationToken)
    {
        var sql = new Sql(Select);
        sql.Append($" WHERE v.id = {sql.P(id, NpgsqlDbType.Bigint)} AND {caller.Condition(sql, "v.county_id", "v.carrier_id")}");
        var list = await ReadAsync(sql, cancellationToken).ConfigureAwait(false);
        return list.Count == 0 ? null : list[0];
    }

    /// <summary>
    /// GNSS-valid fixes of the vehicle with device time in [<paramref name="from"/>, <paramref name="to"/>), in time
    /// order, when <paramref name="visible"/> (a condition the statement checks itself) holds.
    /// </summary>
    public async Task<IReadOnlyList<PositionPoint>> TrackAsync(long vehicleId, DateTime from, DateTime to, Func<Sql, string> visible, CancellationToken cancellationToken)
    {
        var sql = new Sql("SELECT p.device_time, p.lat_e6, p.lon_e6, p.speed_dkmh, p.direction FROM positions p WHERE ");
        string vehicle = sql.P(vehicleId, NpgsqlDbType.Bigint);
        sql.Append($"p.vehicle_id = {vehicle} AND p.device_time >= {sql.P(from, NpgsqlDbType.TimestampTz)} AND p.device_time < {sql.P(to, NpgsqlDbType.TimestampTz)}");
        sql.Append($" AND p.status & 2 <> 0 AND {visible(sql)} ORDER BY p.device_time, p.serial LIMIT {MaxTrackPoints}");
        await using var command = sql.Command(database.DataSource);
        var points = new List<PositionPoint>();
        await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            points.Add(new PositionPoint(r.GetFieldValue<DateTime>(0), r.GetInt32(1) / 1e6, r.GetInt32(2) / 1e6, r.GetInt32(3) / 10.0, r.GetInt32(4)));
        }

        return points;
    }

    /// <summary>The condition "the vehicle is in the caller's scope", for <see cref="TrackAsync"/>.</summary>
    public static Func<Sql, string> VehicleVisible(Caller caller, long vehicleId) => sql =>
        $"EXISTS (SELECT 1 FROM vehicles v WHERE v.id = {sql.P(vehicleId, NpgsqlDbType.Bigint)} AND {caller.Condition(sql, "v.county_id", "v.carrier_id")})";

    async Task<List<Vehicle>> ReadAsync(Sql sql, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var command = sql.Command(database.DataSource);
        var list = new List<Vehicle>();
        await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            PositionPoint? last = null;
            bool online = false;
            if (!r.IsDBNull(9))
            {
                last = new PositionPoint(r.GetFieldValue<DateTime>(9), r.GetInt32(10) / 1e6, r.GetInt32(11) / 1e6, r.GetInt32(12) / 10.0, r.GetInt32(13));
                var received = r.GetFieldValue<DateTime>(14);
                online = received > now - options.OnlineWindow && received <= now + TimeSpan.FromMinutes(1);
            }

            short colour = r.GetInt16(2);
            list.Add(new Vehicle(r.GetInt64(0), r.GetString(1), colour, Labels.PlateColour(colour), r.GetString(3), r.GetInt64(4), r.GetString(5),
                r.GetInt32(6), r.GetString(7), r.IsDBNull(8) ? null : r.GetString(8), online, last));
        }

        return list;
    }
}

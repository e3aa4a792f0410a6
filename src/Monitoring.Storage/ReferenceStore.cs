using Npgsql;

namespace Monitoring.Storage;

/// <summary>Counties, carriers, vehicles and drivers: upserted by id (from the registry import), read at start-up.</summary>
public sealed class ReferenceStore(NpgsqlDataSource dataSource)
{
    public Task UpsertAsync(County county, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(county);
        ArgumentException.ThrowIfNullOrWhiteSpace(county.Name);
        return ExecuteAsync(
            "INSERT INTO counties (id, name) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name",
            cancellationToken, county.Id, county.Name);
    }

    public Task UpsertAsync(Carrier carrier, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(carrier);
        ArgumentException.ThrowIfNullOrWhiteSpace(carrier.Name);
        return ExecuteAsync("""
            INSERT INTO carriers (id, name, county_id) VALUES ($1, $2, $3)
            ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, county_id = EXCLUDED.county_id
            """, cancellationToken, carrier.Id, carrier.Name, carrier.CountyId);
    }

    public Task UpsertAsync(VehicleRecord vehicle, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(vehicle);
        ArgumentException.ThrowIfNullOrWhiteSpace(vehicle.Plate);
        ArgumentException.ThrowIfNullOrWhiteSpace(vehicle.Class);
        return ExecuteAsync("""
            INSERT INTO vehicles (id, plate, plate_colour, class, long_distance, speed_limit_kmh, terminal_phone, carrier_id, county_id)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            ON CONFLICT (id) DO UPDATE SET plate = EXCLUDED.plate, plate_colour = EXCLUDED.plate_colour, class = EXCLUDED.class,
                long_distance = EXCLUDED.long_distance, speed_limit_kmh = EXCLUDED.speed_limit_kmh,
                terminal_phone = EXCLUDED.terminal_phone, carrier_id = EXCLUDED.carrier_id, county_id = EXCLUDED.county_id
            """, cancellationToken, vehicle.Id, vehicle.Plate, vehicle.PlateColour, vehicle.Class, vehicle.LongDistance,
            (object?)vehicle.SpeedLimitKmh ?? DBNull.Value, (object?)vehicle.TerminalPhone ?? DBNull.Value, vehicle.CarrierId, vehicle.CountyId);
    }

    public Task UpsertAsync(DriverRecord driver, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(driver);
        ArgumentException.ThrowIfNullOrWhiteSpace(driver.Name);
        return ExecuteAsync("""
            INSERT INTO drivers (id, name, licence_no, ic_card, carrier_id) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, licence_no = EXCLUDED.licence_no, ic_card = EXCLUDED.ic_card, carrier_id = EXCLUDED.carrier_id
            """, cancellationToken, driver.Id, driver.Name, (object?)driver.LicenceNo ?? DBNull.Value, (object?)driver.IcCard ?? DBNull.Value,
            (object?)driver.CarrierId ?? DBNull.Value);
    }

    /// <summary>Every vehicle, for the terminal-phone index and the rule engine's vehicle table.</summary>
    public async Task<IReadOnlyList<VehicleRecord>> VehiclesAsync(CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT id, plate, plate_colour, class, long_distance, speed_limit_kmh, terminal_phone, carrier_id, county_id
            FROM vehicles ORDER BY id
            """);
        var list = new List<VehicleRecord>();
        await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(new VehicleRecord(r.GetInt64(0), r.GetString(1), r.GetInt16(2), r.GetString(3), r.GetBoolean(4),
                r.IsDBNull(5) ? null : r.GetInt16(5), r.IsDBNull(6) ? null : r.GetString(6), r.GetInt64(7), r.GetInt32(8)));
        }

        return list;
    }

    /// <summary>
    /// Vehicles registered or changed at or after <paramref name="since"/> (the trigger's clock), with the newest change
    /// time among them (or <paramref name="since"/> when there is none): how a running service learns of new terminals.
    /// </summary>
    public async Task<(IReadOnlyList<VehicleRecord> Vehicles, DateTime Newest)> VehiclesChangedSinceAsync(DateTime since, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT id, plate, plate_colour, class, long_distance, speed_limit_kmh, terminal_phone, carrier_id, county_id, changed_at
            FROM vehicles WHERE changed_at >= $1 ORDER BY id
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = since, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
        var list = new List<VehicleRecord>();
        var newest = since;
        await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(new VehicleRecord(r.GetInt64(0), r.GetString(1), r.GetInt16(2), r.GetString(3), r.GetBoolean(4),
                r.IsDBNull(5) ? null : r.GetInt16(5), r.IsDBNull(6) ? null : r.GetString(6), r.GetInt64(7), r.GetInt32(8)));
            var changed = r.GetFieldValue<DateTime>(9);
            if (changed > newest)
            {
                newest = changed;
            }
        }

        return (list, newest);
    }

    async Task ExecuteAsync(string sql, CancellationToken cancellationToken, params object[] values)
    {
        await using var command = dataSource.CreateCommand(sql);
        foreach (object value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}

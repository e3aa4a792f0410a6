using NetTopologySuite.Geometries;
using Npgsql;

namespace Monitoring.Storage;

/// <summary>A speed zone: a polygon or buffered line (WGS 84, SRID 4326) with its posted limit.</summary>
public sealed record SpeedZoneRecord(long Id, string Name, short SpeedLimitKmh, Geometry Geometry);

/// <summary>A restricted area; <see cref="ActiveFrom"/>/<see cref="ActiveTo"/> = a daily Beijing-time window, null = always.</summary>
public sealed record RestrictedAreaRecord(long Id, string Name, string Kind, short? SpeedLimitKmh, TimeOnly? ActiveFrom, TimeOnly? ActiveTo, Geometry Geometry);

/// <summary>PostGIS geometries read as NetTopologySuite geometries (Npgsql.NetTopologySuite), for the rule engine's zone index.</summary>
public sealed class ZoneStore(NpgsqlDataSource dataSource)
{
    /// <returns>The new zone's id.</returns>
    public async Task<long> AddSpeedZoneAsync(string name, short speedLimitKmh, Geometry geometry, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(speedLimitKmh, (short)1);
        Check(geometry);
        await using var command = dataSource.CreateCommand("INSERT INTO speed_zones (name, speed_limit_kmh, geom) VALUES ($1, $2, $3) RETURNING id");
        command.Parameters.Add(new() { Value = name });
        command.Parameters.Add(new() { Value = speedLimitKmh });
        command.Parameters.Add(new() { Value = geometry });
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    /// <returns>The new area's id.</returns>
    public async Task<long> AddRestrictedAreaAsync(string name, string kind, short? speedLimitKmh, TimeOnly? activeFrom, TimeOnly? activeTo,
        Geometry geometry, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        if (activeFrom.HasValue != activeTo.HasValue)
        {
            throw new ArgumentException("Give both ends of the active window, or neither.");
        }

        Check(geometry);
        await using var command = dataSource.CreateCommand("""
            INSERT INTO restricted_areas (name, kind, speed_limit_kmh, active_from, active_to, geom) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id
            """);
        command.Parameters.Add(new() { Value = name });
        command.Parameters.Add(new() { Value = kind });
        command.Parameters.Add(new() { Value = (object?)speedLimitKmh ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Smallint });
        command.Parameters.Add(new() { Value = (object?)activeFrom ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Time });
        command.Parameters.Add(new() { Value = (object?)activeTo ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Time });
        command.Parameters.Add(new() { Value = geometry });
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    public async Task<IReadOnlyList<SpeedZoneRecord>> SpeedZonesAsync(CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT id, name, speed_limit_kmh, geom FROM speed_zones ORDER BY id");
        var list = new List<SpeedZoneRecord>();
        await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(new SpeedZoneRecord(r.GetInt64(0), r.GetString(1), r.GetInt16(2), r.GetFieldValue<Geometry>(3)));
        }

        return list;
    }

    public async Task<IReadOnlyList<RestrictedAreaRecord>> RestrictedAreasAsync(CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT id, name, kind, speed_limit_kmh, active_from, active_to, geom FROM restricted_areas ORDER BY id");
        var list = new List<RestrictedAreaRecord>();
        await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(new RestrictedAreaRecord(r.GetInt64(0), r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetInt16(3),
                r.IsDBNull(4) ? null : r.GetFieldValue<TimeOnly>(4), r.IsDBNull(5) ? null : r.GetFieldValue<TimeOnly>(5), r.GetFieldValue<Geometry>(6)));
        }

        return list;
    }

    static void Check(Geometry geometry)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        if (geometry.SRID != 4326)
        {
            throw new ArgumentException($"Zones are WGS 84 (SRID 4326); this geometry has SRID {geometry.SRID}.", nameof(geometry));
        }

        if (geometry.IsEmpty || !geometry.IsValid)
        {
            throw new ArgumentException("The geometry is empty or invalid.", nameof(geometry));
        }
    }
}

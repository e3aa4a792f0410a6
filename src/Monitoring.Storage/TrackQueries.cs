using Npgsql;
using NpgsqlTypes;

namespace Monitoring.Storage;

/// <summary>Tracks for replay: by the positions primary key (vehicle, device time), so one vehicle-day is an index range.</summary>
public sealed class TrackQueries(NpgsqlDataSource dataSource)
{
    /// <summary>Limit on points returned by one call.</summary>
    public const int MaxPoints = 200_000;

    /// <summary>
    /// The vehicle's fixes with device time in [<paramref name="from"/>, <paramref name="to"/>), in time order. With
    /// <paramref name="downsample"/>, one fix per interval (the first of each interval counted from the Unix epoch).
    /// <paramref name="validOnly"/> keeps only fixes with the GNSS-valid status bit (bit 1).
    /// </summary>
    public async Task<IReadOnlyList<TrackPoint>> TrackAsync(long vehicleId, DateTime from, DateTime to, TimeSpan? downsample = null,
        bool validOnly = true, CancellationToken cancellationToken = default)
    {
        EpisodeStore.RequireUtc(from, nameof(from));
        EpisodeStore.RequireUtc(to, nameof(to));
        if (to <= from)
        {
            throw new ArgumentException("The range is empty: 'to' must be after 'from'.", nameof(to));
        }

        if (downsample is { } d && d < TimeSpan.FromSeconds(1))
        {
            throw new ArgumentOutOfRangeException(nameof(downsample), "Downsampling intervals are whole seconds, at least 1.");
        }

        const string Columns = "device_time, serial, lat_e6, lon_e6, speed_dkmh, direction, altitude_m, alarm, status";
        const string Where = "vehicle_id = $1 AND device_time >= $2 AND device_time < $3 AND ($5 OR status & 2 <> 0)";
        string sql = downsample is null
            ? $"SELECT {Columns} FROM positions WHERE {Where} ORDER BY device_time, serial LIMIT {MaxPoints}"
            : $"""
                SELECT {Columns} FROM (
                    SELECT DISTINCT ON (bucket) {Columns} FROM (
                        SELECT {Columns}, floor(extract(epoch FROM device_time) / $4) AS bucket FROM positions WHERE {Where}) b
                    ORDER BY bucket, device_time, serial) s
                ORDER BY device_time, serial LIMIT {MaxPoints}
                """;
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.Add(new() { Value = vehicleId });
        command.Parameters.Add(new() { Value = from, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new() { Value = to, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new() { Value = downsample?.TotalSeconds ?? 1.0, NpgsqlDbType = NpgsqlDbType.Double });
        command.Parameters.Add(new() { Value = !validOnly });
        var points = new List<TrackPoint>();
        await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            points.Add(new TrackPoint(r.GetFieldValue<DateTime>(0), r.GetInt32(1), r.GetInt32(2) / 1e6, r.GetInt32(3) / 1e6,
                r.GetInt32(4) / 10.0, r.GetInt32(5), r.GetInt16(6), unchecked((uint)r.GetInt32(7)), unchecked((uint)r.GetInt32(8))));
        }

        return points;
    }
}

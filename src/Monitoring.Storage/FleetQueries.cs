using Npgsql;
using NpgsqlTypes;

namespace Monitoring.Storage;

/// <summary>Fleet status from <c>last_positions</c>.</summary>
public sealed class FleetQueries(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// Per county: its vehicles, how many are online (the last fix was received within <paramref name="onlineWindow"/>
    /// before <paramref name="utcNow"/>), and how many never reported. Offline = vehicles − online.
    /// </summary>
    public async Task<IReadOnlyList<CountyFleetStatus>> StatusByCountyAsync(DateTime utcNow, TimeSpan onlineWindow, CancellationToken cancellationToken = default)
    {
        EpisodeStore.RequireUtc(utcNow, nameof(utcNow));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(onlineWindow, TimeSpan.Zero);
        await using var command = dataSource.CreateCommand("""
            SELECT c.id, c.name, count(v.id)::integer,
                   (count(lp.vehicle_id) FILTER (WHERE lp.received_at > $1 - $2 AND lp.received_at <= $1))::integer,
                   (count(v.id) FILTER (WHERE lp.vehicle_id IS NULL))::integer
            FROM counties c
            JOIN vehicles v ON v.county_id = c.id
            LEFT JOIN last_positions lp ON lp.vehicle_id = v.id
            GROUP BY c.id, c.name
            ORDER BY c.id
            """);
        command.Parameters.Add(new() { Value = utcNow, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new() { Value = onlineWindow, NpgsqlDbType = NpgsqlDbType.Interval });
        var list = new List<CountyFleetStatus>();
        await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(new CountyFleetStatus(r.GetInt32(0), r.GetString(1), r.GetInt32(2), r.GetInt32(3), r.GetInt32(4)));
        }

        return list;
    }
}

using Npgsql;
using NpgsqlTypes;

namespace Monitoring.Storage;

/// <summary>A vehicle's serialized rule-engine state at <see cref="UpdatedAt"/>.</summary>
public sealed record RuleStateCheckpoint(long VehicleId, byte[] State, DateTime UpdatedAt);

/// <summary>Rule-engine state checkpoints per input partition; a checkpoint never overwrites a newer one.</summary>
public sealed class RuleStateStore(NpgsqlDataSource dataSource)
{
    public async Task SaveAsync(int partition, IReadOnlyList<RuleStateCheckpoint> checkpoints, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(checkpoints);
        if (checkpoints.Count == 0)
        {
            return;
        }

        var vehicles = new long[checkpoints.Count];
        var states = new byte[checkpoints.Count][];
        var times = new DateTime[checkpoints.Count];
        for (int i = 0; i < checkpoints.Count; i++)
        {
            var c = checkpoints[i];
            ArgumentNullException.ThrowIfNull(c.State);
            EpisodeStore.RequireUtc(c.UpdatedAt, "checkpoint.UpdatedAt");
            (vehicles[i], states[i], times[i]) = (c.VehicleId, c.State, c.UpdatedAt);
        }

        // DISTINCT ON: if one call holds two checkpoints of a vehicle, the newest wins.
        await using var command = dataSource.CreateCommand("""
            INSERT INTO rule_state_checkpoints AS c (partition, vehicle_id, state, updated_at)
            SELECT DISTINCT ON (v) $1, v, s, t FROM unnest($2::bigint[], $3::bytea[], $4::timestamptz[]) AS u (v, s, t) ORDER BY v, t DESC
            ON CONFLICT (partition, vehicle_id) DO UPDATE SET state = EXCLUDED.state, updated_at = EXCLUDED.updated_at
            WHERE c.updated_at <= EXCLUDED.updated_at
            """);
        command.Parameters.Add(new() { Value = partition });
        command.Parameters.Add(new() { Value = vehicles });
        command.Parameters.Add(new() { Value = states, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
        command.Parameters.Add(new() { Value = times, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<RuleStateCheckpoint>> LoadAsync(int partition, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT vehicle_id, state, updated_at FROM rule_state_checkpoints WHERE partition = $1 ORDER BY vehicle_id");
        command.Parameters.Add(new() { Value = partition });
        var list = new List<RuleStateCheckpoint>();
        await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(new RuleStateCheckpoint(r.GetInt64(0), r.GetFieldValue<byte[]>(1), r.GetFieldValue<DateTime>(2)));
        }

        return list;
    }
}

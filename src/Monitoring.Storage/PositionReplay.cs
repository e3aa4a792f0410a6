using Npgsql;
using NpgsqlTypes;

namespace Monitoring.Storage;

/// <summary>
/// Reads back stored positions in arrival order, so that after a restart the rule engines can catch up from their
/// last checkpoint with the positions that were acknowledged (durable) after it: nothing the broker handed over
/// is missing from rule state.
/// </summary>
public sealed class PositionReplay(NpgsqlDataSource dataSource)
{
    /// <summary>Positions of <paramref name="vehicleIds"/> received at or after <paramref name="receivedSinceUtc"/>, oldest arrival first.
    /// Device times are not bounded (a back-fill or a replay can be days old); the primary key, which starts with the
    /// vehicle, keeps the lookup an index scan in every partition.</summary>
    public async Task<IReadOnlyList<StoredPosition>> ReceivedSinceAsync(IReadOnlyList<long> vehicleIds, DateTime receivedSinceUtc, CancellationToken cancellationToken = default)
    {
        var positions = new List<StoredPosition>();
        if (vehicleIds.Count == 0)
        {
            return positions;
        }

        await using var command = dataSource.CreateCommand(
            """
            SELECT vehicle_id, device_time, serial, received_at, lat_e6, lon_e6, speed_dkmh, direction, altitude_m, alarm, status, odometer_hm, source
            FROM positions
            WHERE vehicle_id = ANY($1) AND received_at >= $2
            ORDER BY received_at, device_time, serial
            """);
        command.Parameters.Add(new() { Value = vehicleIds.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
        command.Parameters.Add(new() { Value = receivedSinceUtc, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            positions.Add(new StoredPosition(
                r.GetInt64(0),
                r.GetFieldValue<DateTime>(1),
                r.GetInt32(2),
                r.GetFieldValue<DateTime>(3),
                r.GetInt32(4),
                r.GetInt32(5),
                r.GetInt32(6),
                r.GetInt32(7),
                r.GetInt16(8),
                unchecked((uint)r.GetInt32(9)),
                unchecked((uint)r.GetInt32(10)),
                r.IsDBNull(11) ? StoredPosition.NoOdometer : r.GetInt64(11),
                (PositionSource)r.GetInt16(12)));
        }

        return positions;
    }
}

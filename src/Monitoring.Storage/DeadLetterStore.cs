using Npgsql;
using NpgsqlTypes;

namespace Monitoring.Storage;

/// <summary>A frame that failed to decode or came from an unknown terminal, kept raw with the reason.</summary>
public sealed record DeadLetter(DateTime ReceivedAt, string? Phone, string Reason, byte[] Raw, string? Topic);

public sealed class DeadLetterStore(NpgsqlDataSource dataSource)
{
    public async Task AddAsync(DeadLetter letter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(letter);
        ArgumentException.ThrowIfNullOrWhiteSpace(letter.Reason);
        ArgumentNullException.ThrowIfNull(letter.Raw);
        EpisodeStore.RequireUtc(letter.ReceivedAt, nameof(letter.ReceivedAt));
        await using var command = dataSource.CreateCommand(
            "INSERT INTO dead_letters (received_at, phone, reason, raw, topic) VALUES ($1, $2, $3, $4, $5)");
        command.Parameters.Add(new() { Value = letter.ReceivedAt, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new() { Value = (object?)letter.Phone ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = letter.Reason });
        command.Parameters.Add(new() { Value = letter.Raw });
        command.Parameters.Add(new() { Value = (object?)letter.Topic ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The newest dead letters first.</summary>
    public async Task<IReadOnlyList<DeadLetter>> RecentAsync(int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        await using var command = dataSource.CreateCommand(
            "SELECT received_at, phone, reason, raw, topic FROM dead_letters ORDER BY received_at DESC, id DESC LIMIT $1");
        command.Parameters.Add(new() { Value = limit });
        var list = new List<DeadLetter>();
        await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(new DeadLetter(r.GetFieldValue<DateTime>(0), r.IsDBNull(1) ? null : r.GetString(1), r.GetString(2),
                r.GetFieldValue<byte[]>(3), r.IsDBNull(4) ? null : r.GetString(4)));
        }

        return list;
    }

    /// <summary>
    /// Frames kept because their terminal was unknown, received since <paramref name="since"/> and not replayed yet,
    /// oldest first: what a terminal sent before its vehicle was registered.
    /// </summary>
    public async Task<IReadOnlyList<(long Id, DeadLetter Letter)>> UnknownTerminalFramesAsync(string phone, DateTime since, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(phone);
        await using var command = dataSource.CreateCommand("""
            SELECT id, received_at, phone, reason, raw, topic FROM dead_letters
            WHERE phone = $1 AND replayed_at IS NULL AND reason LIKE 'UnknownTerminal%' AND received_at >= $2
            ORDER BY id
            """);
        command.Parameters.Add(new() { Value = phone });
        command.Parameters.Add(new() { Value = since, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        var list = new List<(long, DeadLetter)>();
        await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add((r.GetInt64(0), new DeadLetter(r.GetFieldValue<DateTime>(1), r.IsDBNull(2) ? null : r.GetString(2), r.GetString(3),
                r.GetFieldValue<byte[]>(4), r.IsDBNull(5) ? null : r.GetString(5))));
        }

        return list;
    }

    /// <summary>Marks dead letters as replayed (they stay for inspection).</summary>
    public async Task MarkReplayedAsync(IReadOnlyList<long> ids, DateTime replayedAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        await using var command = dataSource.CreateCommand("UPDATE dead_letters SET replayed_at = $2 WHERE id = ANY($1)");
        command.Parameters.Add(new() { Value = ids.ToArray() });
        command.Parameters.Add(new() { Value = replayedAt, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Terminal phones of registered vehicles with frames kept as from an unknown terminal since <paramref name="since"/>, not replayed yet.</summary>
    public async Task<IReadOnlyList<string>> RegisteredPhonesWithUnknownTerminalFramesAsync(DateTime since, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT DISTINCT d.phone FROM dead_letters d JOIN vehicles v ON v.terminal_phone = d.phone
            WHERE d.replayed_at IS NULL AND d.reason LIKE 'UnknownTerminal%' AND d.received_at >= $1
            """);
        command.Parameters.Add(new() { Value = since, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        var list = new List<string>();
        await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(r.GetString(0));
        }

        return list;
    }
}

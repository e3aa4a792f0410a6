using Npgsql;
using NpgsqlTypes;

namespace Monitoring.Storage;

/// <summary>A carrier notification waiting in the outbox.</summary>
public sealed record OutboxMessage(long Id, long CarrierId, string PayloadJson, DateTime CreatedAt, int Attempts);

/// <summary>
/// The outbox for carrier notifications: enqueued in the transaction that decided them, claimed by a relay
/// with <c>FOR UPDATE SKIP LOCKED</c> (several relays never take the same message), then marked delivered or
/// given a later attempt. Webhook rows (one per subscription and alert event, no payload) are not claimed here:
/// <see cref="WebhookOutbox"/> serves them.
/// </summary>
public sealed class OutboxStore(NpgsqlDataSource dataSource)
{
    /// <summary>Enqueues a message; pass the caller's connection and transaction to make it part of them.</summary>
    public async Task<long> EnqueueAsync(long carrierId, string payloadJson, DateTime createdAt, NpgsqlConnection? connection = null,
        NpgsqlTransaction? transaction = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(payloadJson);
        EpisodeStore.RequireUtc(createdAt, nameof(createdAt));
        const string Sql = "INSERT INTO outbox (carrier_id, payload, created_at, next_attempt_at) VALUES ($1, $2, $3, $3) RETURNING id";
        await using var command = connection is null ? dataSource.CreateCommand(Sql) : new NpgsqlCommand(Sql, connection, transaction);
        command.Parameters.Add(new() { Value = carrierId });
        command.Parameters.Add(new() { Value = payloadJson, NpgsqlDbType = NpgsqlDbType.Jsonb });
        command.Parameters.Add(new() { Value = createdAt, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        try
        {
            return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidTextRepresentation)
        {
            throw new ArgumentException($"The payload is not valid JSON: {e.MessageText}", nameof(payloadJson), e);
        }
    }

    /// <summary>Takes up to <paramref name="limit"/> due messages, oldest first, counting an attempt and leasing
    /// them until <paramref name="utcNow"/> + <paramref name="lease"/> (after which another relay may retry them).</summary>
    public async Task<IReadOnlyList<OutboxMessage>> ClaimDueAsync(DateTime utcNow, int limit, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        EpisodeStore.RequireUtc(utcNow, nameof(utcNow));
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        await using var command = dataSource.CreateCommand("""
            WITH due AS (
                SELECT id FROM outbox WHERE delivered_at IS NULL AND subscription_id IS NULL AND next_attempt_at <= $1
                ORDER BY next_attempt_at, id LIMIT $2 FOR UPDATE SKIP LOCKED)
            UPDATE outbox o SET attempts = o.attempts + 1, next_attempt_at = $1 + $3
            FROM due WHERE o.id = due.id
            RETURNING o.id, o.carrier_id, o.payload::text, o.created_at, o.attempts
            """);
        command.Parameters.Add(new() { Value = utcNow, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new() { Value = limit });
        command.Parameters.Add(new() { Value = lease, NpgsqlDbType = NpgsqlDbType.Interval });
        var list = new List<OutboxMessage>();
        await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(new OutboxMessage(r.GetInt64(0), r.GetInt64(1), r.GetString(2), r.GetFieldValue<DateTime>(3), r.GetInt32(4)));
        }

        list.Sort((a, b) => a.Id.CompareTo(b.Id));
        return list;
    }

    public Task MarkDeliveredAsync(long id, DateTime deliveredAt, CancellationToken cancellationToken = default) =>
        UpdateAsync("UPDATE outbox SET delivered_at = $2 WHERE id = $1 AND delivered_at IS NULL", id, deliveredAt, cancellationToken);

    /// <summary>Schedules the next attempt (the relay chooses the backoff).</summary>
    public Task RetryAtAsync(long id, DateTime nextAttemptAt, CancellationToken cancellationToken = default) =>
        UpdateAsync("UPDATE outbox SET next_attempt_at = $2 WHERE id = $1 AND delivered_at IS NULL", id, nextAttemptAt, cancellationToken);

    async Task UpdateAsync(string sql, long id, DateTime time, CancellationToken cancellationToken)
    {
        EpisodeStore.RequireUtc(time, nameof(time));
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.Add(new() { Value = id });
        command.Parameters.Add(new() { Value = time, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}

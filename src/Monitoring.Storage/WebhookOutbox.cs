using Monitoring.Storage.Internal;
using Npgsql;
using NpgsqlTypes;

namespace Monitoring.Storage;

/// <summary>
/// The webhook side of the outbox: one row per (subscription, event), queued by <see cref="EpisodeStore.UpsertAsync"/>.
/// A relay claims due rows with <c>FOR UPDATE SKIP LOCKED</c> and a lease (several relays never hold the same
/// row at once; a relay that dies lets its rows come due again when the lease ends), then records each attempt
/// in <c>webhook_deliveries</c> together with the row's outcome. Rows of inactive subscriptions wait.
/// </summary>
public sealed class WebhookOutbox(NpgsqlDataSource dataSource)
{
    const string ClaimSql = $"""
        WITH due AS (
            SELECT o.id FROM outbox o JOIN webhook_subscriptions s ON s.id = o.subscription_id AND s.active
            WHERE o.delivered_at IS NULL AND o.next_attempt_at <= $1
            ORDER BY o.next_attempt_at, o.id LIMIT $2 FOR UPDATE OF o SKIP LOCKED),
        claimed AS (
            UPDATE outbox o SET next_attempt_at = $1 + $3 FROM due WHERE o.id = due.id
            RETURNING o.id, o.subscription_id, o.carrier_id, o.attempts, o.event_id)
        SELECT claimed.id, claimed.subscription_id, claimed.carrier_id, s.url, s.secret, claimed.attempts, {AlertEventReader.DetailColumns}
        FROM claimed
        JOIN webhook_subscriptions s ON s.id = claimed.subscription_id
        JOIN alert_events ae ON ae.id = claimed.event_id
        {AlertEventReader.DetailJoins}
        ORDER BY claimed.id
        """;

    // Every attempt is logged, also one that comes after another relay delivered the row (a lease that ran out).
    const string RecordSql = """
        WITH o AS (
            UPDATE outbox SET attempts = attempts + 1,
                delivered_at = COALESCE(delivered_at, CASE WHEN $6 THEN $2 END),
                next_attempt_at = CASE WHEN delivered_at IS NULL AND NOT $6 THEN $5 ELSE next_attempt_at END
            WHERE id = $1
            RETURNING subscription_id, carrier_id, event_id, attempts)
        INSERT INTO webhook_deliveries (subscription_id, carrier_id, event_id, attempt, attempted_at, status_code, error, delivered)
        SELECT subscription_id, carrier_id, event_id, attempts, $2, $3, $4, $6 FROM o
        """;

    /// <summary>The longest error text kept per attempt.</summary>
    public const int MaxErrorLength = 500;

    /// <summary>Takes up to <paramref name="limit"/> due rows (oldest due first), leasing them until
    /// <paramref name="utcNow"/> + <paramref name="lease"/>; returned in outbox order.</summary>
    public async Task<IReadOnlyList<WebhookDispatch>> ClaimDueAsync(DateTime utcNow, int limit, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        EpisodeStore.RequireUtc(utcNow, nameof(utcNow));
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lease, TimeSpan.Zero);
        await using var command = dataSource.CreateCommand(ClaimSql);
        command.Parameters.Add(new() { Value = utcNow, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new() { Value = limit });
        command.Parameters.Add(new() { Value = lease, NpgsqlDbType = NpgsqlDbType.Interval });
        var list = new List<WebhookDispatch>();
        await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(new WebhookDispatch(r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), r.GetString(3), r.GetString(4), r.GetInt32(5),
                AlertEventReader.ReadDetail(r, 6)));
        }

        return list;
    }

    /// <summary>Logs a 2xx answer and marks the row delivered.</summary>
    public Task RecordDeliveredAsync(WebhookDispatch dispatch, DateTime attemptedAt, int statusCode, CancellationToken cancellationToken = default) =>
        RecordAsync(dispatch, attemptedAt, statusCode, null, delivered: true, attemptedAt, cancellationToken);

    /// <summary>Logs a failed attempt (an HTTP status other than 2xx, or a transport error) and schedules the
    /// next one at <paramref name="retryAt"/>.</summary>
    public Task RecordFailedAsync(WebhookDispatch dispatch, DateTime attemptedAt, int? statusCode, string? error, DateTime retryAt,
        CancellationToken cancellationToken = default)
    {
        if (statusCode is null && string.IsNullOrWhiteSpace(error))
        {
            throw new ArgumentException("A failed attempt has a status code or an error.", nameof(error));
        }

        return RecordAsync(dispatch, attemptedAt, statusCode, error, delivered: false, retryAt, cancellationToken);
    }

    /// <summary>Gives a claimed row back without an attempt, due at <paramref name="dueAt"/> (the relay skipped it,
    /// e.g. because its receiver just proved unreachable).</summary>
    public async Task ReleaseAsync(WebhookDispatch dispatch, DateTime dueAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dispatch);
        EpisodeStore.RequireUtc(dueAt, nameof(dueAt));
        await using var command = dataSource.CreateCommand("UPDATE outbox SET next_attempt_at = $2 WHERE id = $1 AND delivered_at IS NULL");
        command.Parameters.Add(new() { Value = dispatch.OutboxId });
        command.Parameters.Add(new() { Value = dueAt, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    async Task RecordAsync(WebhookDispatch dispatch, DateTime attemptedAt, int? statusCode, string? error, bool delivered, DateTime nextAt,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dispatch);
        EpisodeStore.RequireUtc(attemptedAt, nameof(attemptedAt));
        EpisodeStore.RequireUtc(nextAt, nameof(nextAt));
        if (error is { Length: > MaxErrorLength })
        {
            error = error[..MaxErrorLength];
        }

        await using var command = dataSource.CreateCommand(RecordSql);
        command.Parameters.Add(new() { Value = dispatch.OutboxId });
        command.Parameters.Add(new() { Value = attemptedAt, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new() { Value = statusCode is { } code ? code : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer });
        command.Parameters.Add(new() { Value = (object?)error ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = nextAt, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new() { Value = delivered, NpgsqlDbType = NpgsqlDbType.Boolean });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}

using Npgsql;

namespace Monitoring.Storage;

/// <summary>
/// A carrier's webhook subscriptions and their delivery log. Every call names the carrier and sees only that
/// carrier's rows: another carrier's subscription is "not found", never shown or deleted. A new subscription
/// receives the events raised after it was created (nothing older is queued for it).
/// </summary>
public sealed class WebhookStore(NpgsqlDataSource dataSource)
{
    /// <summary>The longest URL accepted.</summary>
    public const int MaxUrlLength = 2048;

    /// <summary>The most log entries one <see cref="DeliveriesAsync"/> returns.</summary>
    public const int MaxDeliveries = 1000;

    const string Columns = "id, carrier_id, url, secret, active, created_at";

    /// <summary>Subscribes <paramref name="url"/> (absolute http or https) for the carrier's alert events, signed
    /// with <paramref name="secret"/>. Throws <see cref="ArgumentException"/> (with the parameter's name) for a bad
    /// URL, an empty secret or an unknown carrier.</summary>
    public async Task<WebhookSubscription> CreateAsync(long carrierId, string url, string secret, CancellationToken cancellationToken = default)
    {
        ValidateUrl(url);
        if (string.IsNullOrWhiteSpace(secret))
        {
            throw new ArgumentException("The webhook secret must not be empty: it keys the HMAC-SHA256 signature of every delivery.", nameof(secret));
        }

        await using var command = dataSource.CreateCommand(
            $"INSERT INTO webhook_subscriptions (carrier_id, url, secret, created_at) VALUES ($1, $2, $3, now()) RETURNING {Columns}");
        command.Parameters.Add(new() { Value = carrierId });
        command.Parameters.Add(new() { Value = url });
        command.Parameters.Add(new() { Value = secret });
        try
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            return Read(reader);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ForeignKeyViolation)
        {
            throw new ArgumentException($"Carrier {carrierId} does not exist.", nameof(carrierId), e);
        }
    }

    /// <summary>The carrier's subscriptions, oldest first.</summary>
    public async Task<IReadOnlyList<WebhookSubscription>> ListAsync(long carrierId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM webhook_subscriptions WHERE carrier_id = $1 ORDER BY id");
        command.Parameters.Add(new() { Value = carrierId });
        var list = new List<WebhookSubscription>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(Read(reader));
        }

        return list;
    }

    /// <summary>Deletes the subscription with what it still had to deliver (its delivery log stays). False when the
    /// carrier has no such subscription, whether it does not exist or is another carrier's.</summary>
    public async Task<bool> DeleteAsync(long carrierId, long subscriptionId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM webhook_subscriptions WHERE id = $1 AND carrier_id = $2");
        command.Parameters.Add(new() { Value = subscriptionId });
        command.Parameters.Add(new() { Value = carrierId });
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    /// <summary>The carrier's latest delivery attempts, newest first.</summary>
    public async Task<IReadOnlyList<WebhookDelivery>> DeliveriesAsync(long carrierId, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxDeliveries);
        await using var command = dataSource.CreateCommand("""
            SELECT id, subscription_id, event_id, attempt, attempted_at, status_code, error, delivered
            FROM webhook_deliveries WHERE carrier_id = $1 ORDER BY id DESC LIMIT $2
            """);
        command.Parameters.Add(new() { Value = carrierId });
        command.Parameters.Add(new() { Value = limit });
        var list = new List<WebhookDelivery>();
        await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(new WebhookDelivery(r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), r.GetInt32(3), r.GetFieldValue<DateTime>(4),
                r.IsDBNull(5) ? null : r.GetInt32(5), r.IsDBNull(6) ? null : r.GetString(6), r.GetBoolean(7)));
        }

        return list;
    }

    /// <summary>Throws <see cref="ArgumentException"/> (parameter <c>url</c>) unless <paramref name="url"/> is an
    /// absolute http or https URL with a host, no longer than <see cref="MaxUrlLength"/>.</summary>
    public static void ValidateUrl(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            throw new ArgumentException("The webhook URL is required.", nameof(url));
        }

        if (url.Length > MaxUrlLength)
        {
            throw new ArgumentException($"The webhook URL is longer than {MaxUrlLength} characters.", nameof(url));
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || string.IsNullOrEmpty(uri.Host)
            || url.Trim() != url)
        {
            throw new ArgumentException($"The webhook URL '{url}' is not an absolute http or https URL (e.g. https://example.com/alerts).", nameof(url));
        }
    }

    static WebhookSubscription Read(NpgsqlDataReader r) =>
        new(r.GetInt64(0), r.GetInt64(1), r.GetString(2), r.GetString(3), r.GetBoolean(4), r.GetFieldValue<DateTime>(5));
}

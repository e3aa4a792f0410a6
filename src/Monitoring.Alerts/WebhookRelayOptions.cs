namespace Monitoring.Alerts;

/// <summary>Settings of <see cref="WebhookRelay"/>.</summary>
public sealed record WebhookRelayOptions
{
    /// <summary>Outbox rows claimed per round; rows of one subscription are sent one after another, different
    /// subscriptions in parallel.</summary>
    public int BatchSize { get; init; } = 16;

    /// <summary>How long claimed rows stay with this relay; a relay that dies lets them come due again after it.
    /// Longer than a round can take (BatchSize × RequestTimeout for one slow receiver).</summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Longest wait for a receiver's answer (connection included).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the outbox is looked at without a <see cref="WebhookRelay.Wake"/>.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Wait after the first failed attempt; doubles with each further one up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan FirstRetryDelay { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Each retry delay is spread by ± this fraction.</summary>
    public double RetryJitter { get; init; } = 0.2;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchSize, 1, nameof(BatchSize));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(Lease, TimeSpan.Zero, nameof(Lease));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(RequestTimeout, TimeSpan.Zero, nameof(RequestTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(PollInterval, TimeSpan.Zero, nameof(PollInterval));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(FirstRetryDelay, TimeSpan.Zero, nameof(FirstRetryDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRetryDelay, FirstRetryDelay, nameof(MaxRetryDelay));
        if (RetryJitter is < 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(RetryJitter), RetryJitter, "The jitter is a fraction in [0, 1).");
        }
    }
}

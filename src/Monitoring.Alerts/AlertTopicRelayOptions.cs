namespace Monitoring.Alerts;

/// <summary>Settings of <see cref="AlertTopicRelay"/>.</summary>
public sealed record AlertTopicRelayOptions
{
    /// <summary>The row of <c>relay_cursors</c> that keeps the last event the broker acknowledged.</summary>
    public string CursorName { get; init; } = AlertTopicRelay.DefaultCursorName;

    /// <summary>Events published per round (one transaction holds the cursor meanwhile).</summary>
    public int BatchSize { get; init; } = 100;

    /// <summary>How often alert_events is looked at without a <see cref="AlertTopicRelay.Wake"/>.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest wait for the broker's PUBACK of one message.</summary>
    public TimeSpan PublishTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Wait before the first reconnection (to the broker or the database); doubles up to <see cref="MaxReconnectDelay"/>.</summary>
    public TimeSpan FirstReconnectDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxReconnectDelay { get; init; } = TimeSpan.FromMinutes(1);

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(CursorName, nameof(CursorName));
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchSize, 1, nameof(BatchSize));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(PollInterval, TimeSpan.Zero, nameof(PollInterval));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(PublishTimeout, TimeSpan.Zero, nameof(PublishTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(FirstReconnectDelay, TimeSpan.Zero, nameof(FirstReconnectDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxReconnectDelay, FirstReconnectDelay, nameof(MaxReconnectDelay));
    }
}

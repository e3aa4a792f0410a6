namespace Monitoring.Storage;

/// <summary>Settings of <see cref="PositionWriter"/> (configuration section <c>Monitoring:Database</c>).</summary>
public sealed record PositionWriterOptions
{
    /// <summary>The spool file for batches written while the database is unreachable.</summary>
    public string SpoolPath { get; init; } = "spool/positions.spool";

    /// <summary>The spool's limit: at 64 bytes a position, 1 GiB holds about 16 million positions.</summary>
    public long SpoolMaxBytes { get; init; } = 1L << 30;

    /// <summary>Retries of a failed COPY (transient errors only) before the batch is spooled.</summary>
    public int MaxRetryAttempts { get; init; } = 3;

    /// <summary>First retry delay; doubles with each attempt (with jitter).</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How long the circuit stays open (batches go straight to the spool) after it breaks.</summary>
    public TimeSpan BreakDuration { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>The breaker opens when this share of calls failed within <see cref="BreakerSamplingDuration"/>…</summary>
    public double BreakerFailureRatio { get; init; } = 0.5;

    /// <summary>…and at least this many calls were made.</summary>
    public int BreakerMinimumThroughput { get; init; } = 4;

    public TimeSpan BreakerSamplingDuration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Statement timeout of one batch's COPY and insert, in seconds.</summary>
    public int CommandTimeoutSeconds { get; init; } = 60;

    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(SpoolPath);
        if (SpoolMaxBytes < 1 << 20)
        {
            throw new ArgumentException("SpoolMaxBytes must be at least 1 MiB.");
        }

        if (MaxRetryAttempts < 0 || RetryBaseDelay < TimeSpan.Zero)
        {
            throw new ArgumentException("MaxRetryAttempts and RetryBaseDelay must not be negative.");
        }

        if (BreakDuration < TimeSpan.FromMilliseconds(500) || BreakerSamplingDuration < TimeSpan.FromMilliseconds(500))
        {
            throw new ArgumentException("BreakDuration and BreakerSamplingDuration must be at least 500 ms (Polly's minimum).");
        }

        if (BreakerFailureRatio is <= 0 or > 1 || BreakerMinimumThroughput < 2)
        {
            throw new ArgumentException("BreakerFailureRatio must be in (0, 1] and BreakerMinimumThroughput at least 2.");
        }
    }
}

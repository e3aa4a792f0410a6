namespace Monitoring.Storage;

/// <summary>Retention and partitioning settings (configuration section <c>Monitoring:Database</c>).</summary>
public sealed record StorageOptions
{
    /// <summary>Tracks are kept at least 6 months (RULES.md §12).</summary>
    public TimeSpan PositionRetention { get; init; } = TimeSpan.FromDays(180);

    /// <summary>Violations and their handling are kept at least 3 years (RULES.md §12).</summary>
    public TimeSpan EpisodeRetention { get; init; } = TimeSpan.FromDays(1096);

    /// <summary>Alert events (the live stream's and the deliveries' log) and delivered outbox rows, once delivered.</summary>
    public TimeSpan AlertLogRetention { get; init; } = TimeSpan.FromDays(30);

    /// <summary>Webhook delivery attempts, which carriers read as their delivery log.</summary>
    public TimeSpan DeliveryLogRetention { get; init; } = TimeSpan.FromDays(90);

    /// <summary>TimescaleDB only: chunks older than this are compressed.</summary>
    public TimeSpan CompressAfter { get; init; } = TimeSpan.FromDays(1);

    /// <summary>Plain path only: how many days of position partitions exist ahead of today.</summary>
    public int PartitionDaysAhead { get; init; } = 3;

    /// <summary>Plain path only: how long the maintenance waits for a table lock before deferring that partition to its next run.</summary>
    public TimeSpan MaintenanceLockTimeout { get; init; } = TimeSpan.FromSeconds(5);

    public void Validate()
    {
        if (PositionRetention < TimeSpan.FromDays(1) || EpisodeRetention < TimeSpan.FromDays(1))
        {
            throw new ArgumentException("Retention must be at least one day.");
        }

        if (AlertLogRetention < TimeSpan.FromDays(1) || DeliveryLogRetention < TimeSpan.FromDays(1))
        {
            throw new ArgumentException("AlertLogRetention and DeliveryLogRetention must be at least one day.");
        }

        if (CompressAfter < TimeSpan.Zero)
        {
            throw new ArgumentException("CompressAfter must not be negative.");
        }

        if (MaintenanceLockTimeout < TimeSpan.FromMilliseconds(1))
        {
            throw new ArgumentException("MaintenanceLockTimeout must be positive.");
        }

        if (PartitionDaysAhead is < 1 or > 60)
        {
            throw new ArgumentException("PartitionDaysAhead must be between 1 and 60.");
        }
    }
}

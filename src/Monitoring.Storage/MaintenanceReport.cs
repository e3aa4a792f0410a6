namespace Monitoring.Storage;

/// <summary>What one <see cref="PartitionMaintenance.RunAsync"/> did.</summary>
public sealed record MaintenanceReport(
    StoragePath Path,
    IReadOnlyList<string> CreatedPartitions,
    IReadOnlyList<string> DroppedPartitions,
    long RowsMovedFromDefault,
    long RowsDeleted)
{
    /// <summary>False when another instance held the maintenance lock, so this run did nothing.</summary>
    public bool Ran { get; init; } = true;

    /// <summary>Partitions not created or dropped because their table stayed locked (lock_timeout); the next run retries.</summary>
    public IReadOnlyList<string> Deferred { get; init; } = [];

    /// <summary>Asia/Shanghai days whose assessment figures this run rolled up (and so made final).</summary>
    public IReadOnlyList<DateOnly> RolledUpDays { get; init; } = [];
}

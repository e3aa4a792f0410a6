namespace Monitoring.Rules;

/// <summary>
/// Per-vehicle data-quality counters, for the 数据合格率 and 漂移率 figures (RULES.md §5.2).
/// Every received fix counts once in <see cref="Fixes"/> and in at most one of the other buckets
/// (late fixes count as <see cref="Late"/> and also as valid, invalid or drift).
/// </summary>
public struct DataQuality
{
    /// <summary>All fixes received.</summary>
    public long Fixes;
    /// <summary>Fixes the speed and fatigue rules used.</summary>
    public long Valid;
    /// <summary>GNSS invalid, time in the future, outside China, or speed outside 0-160 km/h.</summary>
    public long InvalidFix;
    /// <summary>Implied speed from the previous valid fix above the drift bound.</summary>
    public long Drift;
    /// <summary>Same vehicle, time and position as a fix already seen.</summary>
    public long Duplicates;
    /// <summary>Later than the reorder window (blind-area backfill, re-sends).</summary>
    public long Late;
}

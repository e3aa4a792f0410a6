namespace Monitoring.Rules;

/// <summary>
/// Per-vehicle data-quality counts, for the 数据合格率 and 漂移率 figures (RULES.md §5.2).
/// Every received fix counts once in <see cref="Fixes"/>. In-order fixes then count as exactly one of
/// valid, invalid, drift or duplicate; late fixes count as <see cref="Late"/> and, when they fill a gap
/// in the live data, also as valid, invalid, drift or duplicate (a late re-send of live data counts only as late).
/// </summary>
/// <param name="Fixes">All fixes received.</param>
/// <param name="Valid">Fixes the speed and fatigue rules used.</param>
/// <param name="InvalidFix">GNSS invalid, time in the future, outside China, or speed outside 0-160 km/h.</param>
/// <param name="Drift">Implied speed from the previous valid fix above the drift bound.</param>
/// <param name="Duplicates">Same vehicle, time and position as a fix already seen.</param>
/// <param name="Late">Later than the reorder window (blind-area backfill, re-sends).</param>
public readonly record struct DataQuality(long Fixes, long Valid, long InvalidFix, long Drift, long Duplicates, long Late);

namespace Monitoring.Rules;

/// <summary>
/// Asia/Shanghai wall-clock arithmetic. China has used a fixed UTC+8 with no daylight saving
/// since 1991, so a constant offset is exact and needs no time-zone database (which is I/O).
/// </summary>
public static class LocalClock
{
    public const int OffsetSeconds = 8 * 3600;
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    /// <summary>Seconds since local midnight for a Unix time.</summary>
    public static int SecondOfDay(long unixSeconds)
    {
        var s = (unixSeconds + OffsetSeconds) % 86400;
        return (int)(s < 0 ? s + 86400 : s);
    }

    /// <summary>Whether a second of day lies in [start, end), wrapping over midnight when start &gt; end.</summary>
    public static bool InWindow(int secondOfDay, int start, int end) =>
        start <= end ? secondOfDay >= start && secondOfDay < end : secondOfDay >= start || secondOfDay < end;

    public static DateTimeOffset ToLocal(long unixSeconds) => DateTimeOffset.FromUnixTimeSeconds(unixSeconds).ToOffset(Offset);
}

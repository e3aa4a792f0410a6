namespace Monitoring.Storage;

/// <summary>Days as China counts them: Asia/Shanghai, +08:00 all year (no daylight saving since 1991).</summary>
public static class ShanghaiTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    /// <summary>The Shanghai calendar day of an instant.</summary>
    public static DateOnly DayOf(DateTime utc) => DateOnly.FromDateTime(AsUtc(utc).Add(Offset));

    /// <summary>The instant (UTC) at which a Shanghai day starts.</summary>
    public static DateTime StartOf(DateOnly day) => DateTime.SpecifyKind(day.ToDateTime(TimeOnly.MinValue) - Offset, DateTimeKind.Utc);

    static DateTime AsUtc(DateTime time) => time.Kind == DateTimeKind.Utc
        ? time
        : throw new ArgumentException("Expected a UTC time (DateTimeKind.Utc).", nameof(time));
}

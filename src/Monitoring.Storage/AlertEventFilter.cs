namespace Monitoring.Storage;

/// <summary>
/// Which alert events <see cref="AlertEventStore.ReadAfterAsync"/> returns; null = any. <see cref="Rule"/> matches
/// the stored rule name exactly, and a name without <c>:</c> also matches its sub-rules (<c>terminal_alarm</c>
/// matches <c>terminal_alarm:emergency</c>).
/// </summary>
public sealed record AlertEventFilter(long? CarrierId = null, int? CountyId = null, string? Rule = null,
    short? MinSeverity = null, bool IncludeLate = true)
{
    /// <summary>Every event.</summary>
    public static AlertEventFilter Any { get; } = new();
}

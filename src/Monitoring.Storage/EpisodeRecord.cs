namespace Monitoring.Storage;

/// <summary>Where an episode is in its life; it only moves forward.</summary>
public enum EpisodeState : short
{
    Opened = 0,
    Escalated = 1,
    Closed = 2,
}

/// <summary>An episode's identity: the vehicle, the rule's name and the start (device time, UTC).</summary>
public readonly record struct EpisodeKey(long VehicleId, string Rule, DateTime StartTime);

/// <summary>
/// One state of a violation episode as the rule engine reported it. Written with <see cref="EpisodeStore.UpsertAsync"/>:
/// writing the same record again, or an older state after a newer one, changes nothing.
/// </summary>
/// <param name="Severity">Level 1–4 (RULES.md §12 overspeed bands), or the rule's own scale.</param>
/// <param name="LimitKmh">The limit that applied, for speed rules.</param>
/// <param name="MaxSpeedKmh">The highest speed seen so far, for speed rules.</param>
/// <param name="Late">Detected from late data (blind-area backfill, replay) after the fact.</param>
public sealed record EpisodeRecord(
    EpisodeKey Key,
    EpisodeState State,
    short Severity,
    DateTime? EndTime,
    double? LimitKmh,
    double? MaxSpeedKmh,
    bool Late,
    long CarrierId,
    int CountyId,
    DateTime UpdatedAt);

/// <summary>One step of handling an episode: who did what and when (kept as long as the episode).</summary>
public sealed record AlertHandlingRecord(EpisodeKey Episode, string Step, string UserName, DateTime HandledAt, string? Note);

namespace Monitoring.Storage;

/// <summary>
/// One transition of an episode (opened, escalated, closed) as raised by <see cref="EpisodeStore.UpsertAsync"/>,
/// exactly once per (episode, transition, severity). <see cref="Id"/> grows with every event and orders the live
/// streams (SSE event id, the MQTT relay's cursor).
/// </summary>
/// <param name="Severity">The severity the transition reported.</param>
/// <param name="Late">The transition came from late data (blind-area back-fill, replay); not pushed live to duty staff.</param>
/// <param name="CreatedAt">When the event was stored (database time, UTC).</param>
public sealed record AlertEvent(long Id, EpisodeKey Episode, EpisodeState Transition, short Severity, bool Late,
    long CarrierId, int CountyId, DateTime CreatedAt);

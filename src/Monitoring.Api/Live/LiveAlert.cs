using Mediator;
using Monitoring.Api.Contracts;

namespace Monitoring.Api.Live;

/// <summary>One alert event as the stream sends it: <c>id:</c> <see cref="EventId"/>, <c>event:</c> <see cref="Transition"/>, <c>data:</c> the alert.</summary>
/// <param name="Severity">The severity of the transition (the alert may since have risen further).</param>
public sealed record LiveAlert(long EventId, string Transition, short Severity, bool Late, long CarrierId, int CountyId, Alert Alert);

/// <summary>New alert events read by the hub, oldest first: the fan-out to connected stream clients.</summary>
public sealed record AlertEventsAppended(IReadOnlyList<LiveAlert> Events) : INotification;

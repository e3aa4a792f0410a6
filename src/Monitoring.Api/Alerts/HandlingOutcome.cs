using Monitoring.Api.Contracts;

namespace Monitoring.Api.Alerts;

/// <summary>What a handling action came to.</summary>
public enum HandlingResult
{
    Done,
    NotFound,
    NotAllowed,
    NoTerminal,
    DownlinkFailed,
}

/// <param name="Detail">The alert after the step (Done), else null.</param>
/// <param name="Message">Why it was refused, for the problem details.</param>
public sealed record HandlingOutcome(HandlingResult Result, AlertDetail? Detail, string? Message = null);

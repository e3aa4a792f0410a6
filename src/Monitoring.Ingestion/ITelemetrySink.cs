using Monitoring.Rules;
using Monitoring.Storage;

namespace Monitoring.Ingestion;

/// <summary>
/// Where decoded telemetry goes. Implemented as a struct by callers on the hot path, so that the ingestor's
/// generic calls are devirtualized and nothing is boxed.
/// </summary>
public interface ITelemetrySink
{
    /// <summary>A position to store.</summary>
    void Position(in StoredPosition position);

    /// <summary>A fix for the rule engine of <paramref name="partition"/>.</summary>
    void Fix(int partition, in Fix fix);

    /// <summary>A frame that cannot be used: undecodable, from an unknown terminal, or with an impossible time. Keep it for inspection.</summary>
    void Reject(ReadOnlySpan<byte> frame, RejectReason reason, string? detail);
}

public enum RejectReason : byte
{
    BadFrame,
    UnknownTerminal,
    BadTime,
    BadBody,
}

using Monitoring.Protocol;

namespace Monitoring.Ingestion;

/// <summary>What one ingestor has seen, for metrics and the data-quality report. Written by its one thread.</summary>
public sealed class IngestCounters
{
    readonly long[] _frames = new long[Enum.GetValues<Jt808Status>().Length];

    public long Messages { get; internal set; }

    public long Positions { get; internal set; }

    public long Heartbeats { get; internal set; }

    public long OtherMessages { get; internal set; }

    public long UnknownTerminal { get; internal set; }

    public long BadTimes { get; internal set; }

    /// <summary>Frames decoded with a tolerated device quirk (JT808.md §12).</summary>
    public long QuirkFrames { get; internal set; }

    /// <summary>Bytes outside any frame.</summary>
    public long GarbageBytes { get; internal set; }

    public long Frames(Jt808Status status) => _frames[(int)status];

    internal void Count(Jt808Status status) => _frames[(int)status]++;
}

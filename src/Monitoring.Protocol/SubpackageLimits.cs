namespace Monitoring.Protocol;

/// <summary>Bounds on split-message reassembly (§6), so that a device cannot make the platform hold unbounded memory.</summary>
public sealed record SubpackageLimits
{
    /// <summary>Messages being assembled at once, over all terminals.</summary>
    public int MaxPendingMessages { get; init; } = 4096;

    /// <summary>Bytes held by all pending messages together.</summary>
    public long MaxPendingBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>Largest reassembled body (a 0x0801 photo is a few hundred KiB).</summary>
    public int MaxMessageBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>How long a message may wait for its missing parts (SmallChi uses 5 minutes).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(5);
}

namespace Monitoring.Protocol.Framing;

/// <summary>What <see cref="Jt808Framer.Scan"/> found at the front of a buffer.</summary>
public enum FrameScanStatus : byte
{
    /// <summary>A frame: <see cref="FrameScan.Start"/>/<see cref="FrameScan.Length"/> hold its escaped bytes between the flags.</summary>
    Frame,

    /// <summary>No complete frame yet; keep the bytes from <see cref="FrameScan.Consumed"/> on and read more.</summary>
    NeedMoreData,

    /// <summary>Bytes between flags longer than any legal frame; skipped.</summary>
    FrameTooLong,
}

/// <summary>
/// Result of one scan. The caller advances its buffer by <see cref="Consumed"/> whatever the status;
/// <see cref="Skipped"/> counts bytes dropped as garbage (outside flags) for the data-quality counters.
/// </summary>
public readonly record struct FrameScan(FrameScanStatus Status, int Start, int Length, int Consumed, int Skipped, Jt808Quirks Quirks)
{
    public Range Range => new(Start, Start + Length);
}

namespace Monitoring.Protocol;

/// <summary>
/// Deviations from the standard that real devices commit and that the decoder tolerates (JT808.md §12).
/// Each is reported so that data quality can be measured per terminal.
/// </summary>
[Flags]
public enum Jt808Quirks : ushort
{
    None = 0,

    /// <summary>Attribute bit 14 set on a frame whose lengths only fit the 2013 header (SmallChi "JTT2013Force").</summary>
    VersionFlagOn2013 = 1 << 0,

    /// <summary>The check code 0x7D was sent unescaped right before the end flag (go-jt808 "兼容部分错误情况").</summary>
    BareEscapeChecksum = 1 << 1,

    /// <summary>A raw 0x7E inside the frame: the device did not escape; recovered by the header's body length.</summary>
    UnescapedFlagInside = 1 << 2,

    /// <summary>An additional item (or batch item) declares a length past the end of the body; the tail is kept raw.</summary>
    ItemOverrun = 1 << 3,

    /// <summary>A 0x0704 batch declares a count different from the items present.</summary>
    BatchCountMismatch = 1 << 4,
}

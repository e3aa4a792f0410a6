using System.Buffers;
using System.Buffers.Binary;

namespace Monitoring.Protocol.Framing;

/// <summary>
/// Finds frames between 0x7E flags in a byte stream that may hold garbage, half frames and glued frames
/// (<c>…7E7E…</c>), JT808.md §1. The end flag of a frame is left in the buffer so that it can also serve as
/// the start flag of the next one; an empty candidate between two flags is dropped.
/// A device that does not escape (a raw 0x7E inside, §12) splits a frame in two: when a candidate is shorter
/// than its header's body length says, the candidate is extended across the next flags as long as that
/// yields exactly the declared length and a matching check code.
/// </summary>
public static class Jt808Framer
{
    /// <summary>Longest un-escaped frame content: 2019 split header 21 + body 1023 + check code 1.</summary>
    public const int MaxContentLength = 21 + 1023 + 1;

    /// <summary>Longest escaped frame content (every byte escaped), flags not included.</summary>
    public const int MaxEscapedContentLength = 2 * MaxContentLength;

    /// <summary>Scans <paramref name="buffer"/> for the next frame. With <paramref name="isFinalBlock"/> a trailing
    /// unterminated candidate is returned as a frame (for inspection) instead of waiting for more data.</summary>
    public static FrameScan Scan(ReadOnlySpan<byte> buffer, bool isFinalBlock)
    {
        int start = buffer.IndexOf(Escaping.Flag);
        if (start < 0)
        {
            return new FrameScan(FrameScanStatus.NeedMoreData, 0, 0, buffer.Length, buffer.Length, Jt808Quirks.None);
        }

        int skipped = start;
        while (true)
        {
            int relativeEnd = buffer[(start + 1)..].IndexOf(Escaping.Flag);
            if (relativeEnd < 0)
            {
                int pending = buffer.Length - start - 1;
                if (pending > MaxEscapedContentLength)
                {
                    return new FrameScan(FrameScanStatus.FrameTooLong, start + 1, pending, buffer.Length, skipped + pending + 1, Jt808Quirks.None);
                }

                if (isFinalBlock)
                {
                    return pending == 0
                        ? new FrameScan(FrameScanStatus.NeedMoreData, 0, 0, buffer.Length, skipped + 1, Jt808Quirks.None)
                        : new FrameScan(FrameScanStatus.Frame, start + 1, pending, buffer.Length, skipped, Jt808Quirks.None);
                }

                return new FrameScan(FrameScanStatus.NeedMoreData, 0, 0, start, skipped, Jt808Quirks.None);
            }

            int end = start + 1 + relativeEnd;
            if (end == start + 1)
            {
                // "7E 7E": end of one frame and start of the next, or an empty candidate.
                skipped++;
                start = end;
                continue;
            }

            int length = end - start - 1;
            if (length > MaxEscapedContentLength)
            {
                return new FrameScan(FrameScanStatus.FrameTooLong, start + 1, length, end, skipped + length + 1, Jt808Quirks.None);
            }

            var content = buffer.Slice(start + 1, length);
            int expected = ExpectedLength(content, Escaping.UnescapedLength(content));
            if (expected > 0)
            {
                // Shorter than the header promises: maybe a raw 0x7E inside. Try the next flags.
                var extended = TryExtend(buffer, start + 1, end, expected, isFinalBlock, out int extendedEnd);
                if (extended == Extension.NeedMoreData)
                {
                    return new FrameScan(FrameScanStatus.NeedMoreData, 0, 0, start, skipped, Jt808Quirks.None);
                }

                if (extended == Extension.Found)
                {
                    return new FrameScan(FrameScanStatus.Frame, start + 1, extendedEnd - start - 1, extendedEnd, skipped, Jt808Quirks.UnescapedFlagInside);
                }
            }

            return new FrameScan(FrameScanStatus.Frame, start + 1, length, end, skipped, Jt808Quirks.None);
        }
    }

    /// <summary>
    /// Sequence form of <see cref="Scan"/> for pipes: on a frame, <paramref name="frame"/> holds its escaped content
    /// and the reader has advanced past it. Returns false when more data is needed (the reader is left at the
    /// first byte to keep). Frames that are too long are skipped and counted in <paramref name="skipped"/>.
    /// </summary>
    public static bool TryReadFrame(ref SequenceReader<byte> reader, bool isFinalBlock, out ReadOnlySequence<byte> frame, out Jt808Quirks quirks, out long skipped)
    {
        skipped = 0;
        while (true)
        {
            var unread = reader.UnreadSequence;
            FrameScan scan;
            if (unread.IsSingleSegment)
            {
                scan = Scan(unread.FirstSpan, isFinalBlock);
            }
            else
            {
                // Look at no more than two maximal frames at a time; copying keeps the scanner span-based.
                int window = (int)Math.Min(unread.Length, 2L * (MaxEscapedContentLength + 2));
                byte[] rented = ArrayPool<byte>.Shared.Rent(window);
                try
                {
                    unread.Slice(0, window).CopyTo(rented);
                    bool windowIsAll = window == unread.Length;
                    scan = Scan(rented.AsSpan(0, window), isFinalBlock && windowIsAll);
                    if (scan.Status == FrameScanStatus.NeedMoreData && !windowIsAll && scan.Consumed > 0)
                    {
                        // The window ended inside garbage or before a late start flag's frame: drop what was consumed, look again.
                        skipped += scan.Skipped;
                        reader.Advance(scan.Consumed);
                        continue;
                    }
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(rented);
                }
            }

            skipped += scan.Skipped;
            quirks = scan.Quirks;
            if (scan.Status == FrameScanStatus.Frame)
            {
                frame = unread.Slice(scan.Start, scan.Length);
                reader.Advance(scan.Consumed);
                return true;
            }

            reader.Advance(scan.Consumed);
            if (scan.Status == FrameScanStatus.NeedMoreData)
            {
                frame = default;
                return false;
            }
        }
    }

    enum Extension
    {
        NotFound,
        Found,
        NeedMoreData,
    }

    /// <summary>
    /// The un-escaped length the header declares, when <paramref name="actual"/> is shorter than every layout the
    /// header allows; 0 when the candidate already fits (or its header cannot be read).
    /// </summary>
    static int ExpectedLength(ReadOnlySpan<byte> content, int actual)
    {
        Span<byte> head = stackalloc byte[4];
        if (Escaping.UnescapePrefix(content, head) < 4)
        {
            return 0;
        }

        ushort attributes = BinaryPrimitives.ReadUInt16BigEndian(head[2..]);
        int body = attributes & Jt808Header.BodyLengthMask;
        int split = (attributes & Jt808Header.SubpackageBit) != 0 ? 4 : 0;
        int length2013 = 12 + split + body + 1;
        int length2019 = 17 + split + body + 1;
        bool versionFlag = (attributes & Jt808Header.VersionFlagBit) != 0;
        if (actual == length2013 || (versionFlag && actual == length2019))
        {
            return 0;
        }

        int longest = versionFlag ? length2019 : length2013;
        return actual < longest ? longest : 0;
    }

    static Extension TryExtend(ReadOnlySpan<byte> buffer, int contentStart, int end, int expected, bool isFinalBlock, out int extendedEnd)
    {
        extendedEnd = 0;
        while (true)
        {
            int relative = buffer[(end + 1)..].IndexOf(Escaping.Flag);
            if (relative < 0)
            {
                int soFar = Escaping.UnescapedLength(buffer[contentStart..]);
                return !isFinalBlock && soFar < expected && buffer.Length - contentStart <= MaxEscapedContentLength
                    ? Extension.NeedMoreData
                    : Extension.NotFound;
            }

            end = end + 1 + relative;
            var candidate = buffer[contentStart..end];
            if (candidate.Length > MaxEscapedContentLength)
            {
                return Extension.NotFound;
            }

            int actual = Escaping.UnescapedLength(candidate);
            if (actual > expected)
            {
                return Extension.NotFound;
            }

            if (ExpectedLength(candidate, actual) == 0 && actual >= 13)
            {
                var (computed, sent) = Escaping.ChecksumOfEscaped(candidate);
                if (computed == sent)
                {
                    extendedEnd = end;
                    return Extension.Found;
                }
            }
        }
    }
}

using System.Buffers.Binary;
using Monitoring.Protocol.Framing;

namespace Monitoring.Protocol;

/// <summary>
/// Decodes one frame: un-escape, check code, header, body bounds. Allocates nothing; never throws on wire data.
/// </summary>
/// <remarks>
/// Policies for real devices' quirks (JT808.md §12), chosen so that nothing valid is lost and nothing invalid
/// passes as valid:
/// <list type="bullet">
/// <item>Check code: verified; a mismatch is <see cref="Jt808Status.BadChecksum"/> (the frame goes to dead letters).</item>
/// <item>Attribute bit 14 set but the frame's length only fits the 2013 header: read as 2013 and flagged
/// <see cref="Jt808Quirks.VersionFlagOn2013"/>. The total length decides, so no byte of the frame is guessed.</item>
/// <item>Body length field that does not match the frame: <see cref="Jt808Status.LengthMismatch"/> (never trusted).</item>
/// <item>A lone 0x7D as the check code: taken literally (<see cref="Jt808Quirks.BareEscapeChecksum"/>).</item>
/// <item>Raw 0x7E inside: recovered by <see cref="Jt808Framer"/> when length and check code agree.</item>
/// </list>
/// </remarks>
public static class Jt808Decoder
{
    /// <summary>Smallest frame: 2013 header 12 + check code 1.</summary>
    public const int MinFrameLength = 13;

    /// <summary>Decodes the escaped bytes of one frame, with or without its flags.</summary>
    /// <param name="frame">The frame as framed from the wire.</param>
    /// <param name="scratch">At least <paramref name="frame"/>'s length; used only when the frame holds escapes.</param>
    /// <param name="message">The header and body; valid while <paramref name="frame"/> and <paramref name="scratch"/> are.</param>
    /// <param name="verifyChecksum">False only for inspection tools: bodies of frames that fail the check are not to be trusted.</param>
    public static DecodeResult Decode(ReadOnlySpan<byte> frame, Span<byte> scratch, out Jt808Message message, bool verifyChecksum = true)
    {
        message = default;
        if (frame.Length > 0 && frame[0] == Escaping.Flag)
        {
            frame = frame[1..];
        }

        if (frame.Length > 0 && frame[^1] == Escaping.Flag)
        {
            frame = frame[..^1];
        }

        if (frame.Length > Jt808Framer.MaxEscapedContentLength)
        {
            return DecodeResult.Fail(Jt808Status.FrameTooLong, Jt808Framer.MaxEscapedContentLength);
        }

        ReadOnlySpan<byte> raw;
        var quirks = Jt808Quirks.None;
        if (frame.IndexOf(Escaping.EscapeByte) < 0)
        {
            raw = frame;
        }
        else
        {
            var unescaped = Escaping.Unescape(frame, scratch, out int written, out quirks);
            if (!unescaped.IsOk)
            {
                return unescaped;
            }

            raw = scratch[..written];
        }

        if (raw.Length < MinFrameLength)
        {
            return DecodeResult.Fail(Jt808Status.Truncated, raw.Length);
        }

        int content = raw.Length - 1;
        if (verifyChecksum && Checksum.Compute(raw[..content]) != raw[content])
        {
            return DecodeResult.Fail(Jt808Status.BadChecksum, content);
        }

        ushort attributes = BinaryPrimitives.ReadUInt16BigEndian(raw[2..]);
        if ((attributes & Jt808Header.ReservedBit) != 0)
        {
            return DecodeResult.Fail(Jt808Status.UnsupportedVersion, 2);
        }

        int encryption = attributes & Jt808Header.EncryptionMask;
        if (encryption is not 0 and not Jt808Header.RsaBit)
        {
            return DecodeResult.Fail(Jt808Status.UnsupportedEncryption, 2);
        }

        bool split = (attributes & Jt808Header.SubpackageBit) != 0;
        int bodyLength = attributes & Jt808Header.BodyLengthMask;
        var version = Jt808Version.V2013;
        if ((attributes & Jt808Header.VersionFlagBit) != 0)
        {
            version = Jt808Version.V2019;
            if (content != Jt808Header.HeaderLength(Jt808Version.V2019, split) + bodyLength
                && content == Jt808Header.HeaderLength(Jt808Version.V2013, split) + bodyLength)
            {
                version = Jt808Version.V2013;
                quirks |= Jt808Quirks.VersionFlagOn2013;
            }
        }

        int headerLength = Jt808Header.HeaderLength(version, split);
        if (content < headerLength)
        {
            return DecodeResult.Fail(Jt808Status.Truncated, content);
        }

        var header = Jt808Header.Read(raw, version);
        int available = content - headerLength;
        var body = raw.Slice(headerLength, Math.Min(available, bodyLength));
        message = new Jt808Message(header, body, quirks);
        if (available != bodyLength)
        {
            return DecodeResult.Fail(Jt808Status.LengthMismatch, headerLength + Math.Min(available, bodyLength));
        }

        if (split && (header.PackageTotal == 0 || header.PackageIndex == 0 || header.PackageIndex > header.PackageTotal))
        {
            return DecodeResult.Fail(Jt808Status.BadSubpackage, headerLength - 4);
        }

        return DecodeResult.Ok;
    }
}

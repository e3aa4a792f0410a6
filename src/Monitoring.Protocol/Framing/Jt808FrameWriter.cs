using System.Buffers.Binary;

namespace Monitoring.Protocol.Framing;

/// <summary>
/// Builds a frame: header + body, check code, escaping of everything between the flags (the check code
/// included), flags. The sender's order from §2: build, checksum, escape.
/// </summary>
public static class Jt808FrameWriter
{
    /// <summary>Room that any frame needs at most: every byte escaped, plus the two flags.</summary>
    public const int MaxFrameLength = Jt808Framer.MaxEscapedContentLength + 2;

    /// <summary>Writes the frame for <paramref name="header"/> and <paramref name="body"/>; returns its length.
    /// The header's attributes are recomputed from the body (length, split and version bits); its encryption bits are kept.</summary>
    public static int Write(Span<byte> destination, in Jt808Header header, ReadOnlySpan<byte> body)
    {
        if (body.Length > Jt808Header.MaxBodyLength)
        {
            throw new ArgumentException($"A body of {body.Length} bytes needs subpackaging (at most {Jt808Header.MaxBodyLength}).", nameof(body));
        }

        bool split = header.PackageTotal > 0;
        int headerLength = Jt808Header.HeaderLength(header.Version, split);
        Span<byte> raw = stackalloc byte[Jt808Framer.MaxContentLength];
        ushort attributes = (ushort)(body.Length
            | (header.Attributes & Jt808Header.EncryptionMask)
            | (split ? Jt808Header.SubpackageBit : 0)
            | (header.Version == Jt808Version.V2019 ? Jt808Header.VersionFlagBit : 0));
        BinaryPrimitives.WriteUInt16BigEndian(raw, header.MessageId);
        BinaryPrimitives.WriteUInt16BigEndian(raw[2..], attributes);
        int offset = 4;
        if (header.Version == Jt808Version.V2019)
        {
            raw[offset++] = header.ProtocolVersion;
            header.Phone.Write(raw.Slice(offset, TerminalPhone.Length2019), TerminalPhone.Length2019);
            offset += TerminalPhone.Length2019;
        }
        else
        {
            header.Phone.Write(raw.Slice(offset, TerminalPhone.Length2013), TerminalPhone.Length2013);
            offset += TerminalPhone.Length2013;
        }

        BinaryPrimitives.WriteUInt16BigEndian(raw[offset..], header.Serial);
        offset += 2;
        if (split)
        {
            BinaryPrimitives.WriteUInt16BigEndian(raw[offset..], header.PackageTotal);
            BinaryPrimitives.WriteUInt16BigEndian(raw[(offset + 2)..], header.PackageIndex);
            offset += 4;
        }

        body.CopyTo(raw[headerLength..]);
        int content = headerLength + body.Length;
        raw[content] = Checksum.Compute(raw[..content]);
        var unescaped = raw[..(content + 1)];

        destination[0] = Escaping.Flag;
        int written = Escaping.Escape(unescaped, destination[1..]);
        destination[1 + written] = Escaping.Flag;
        return written + 2;
    }

    /// <summary>A header for a message the platform (or a simulated terminal) sends.</summary>
    public static Jt808Header Header(ushort messageId, TerminalPhone phone, ushort serial, Jt808Version version, byte protocolVersion = 1) =>
        new(messageId, 0, version, version == Jt808Version.V2019 ? protocolVersion : (byte)0, phone, serial, 0, 0);
}

using System.Buffers.Binary;

namespace Monitoring.Protocol;

/// <summary>
/// The message header (§5): id, body attributes, protocol version (2019), terminal phone, serial number and,
/// for split messages, package total and 1-based index.
/// </summary>
public readonly struct Jt808Header
{
    public const ushort BodyLengthMask = 0x03FF;
    public const ushort EncryptionMask = 0x1C00;
    public const ushort RsaBit = 0x0400;
    public const ushort SubpackageBit = 0x2000;
    public const ushort VersionFlagBit = 0x4000;
    public const ushort ReservedBit = 0x8000;
    public const int MaxBodyLength = 1023;

    public Jt808Header(ushort messageId, ushort attributes, Jt808Version version, byte protocolVersion, TerminalPhone phone, ushort serial, ushort packageTotal, ushort packageIndex)
    {
        MessageId = messageId;
        Attributes = attributes;
        Version = version;
        ProtocolVersion = protocolVersion;
        Phone = phone;
        Serial = serial;
        PackageTotal = packageTotal;
        PackageIndex = packageIndex;
    }

    public ushort MessageId { get; }

    /// <summary>The body attribute word as sent (bit 14 may be set on a frame read as 2013, see <see cref="Jt808Quirks"/>).</summary>
    public ushort Attributes { get; }

    public Jt808Version Version { get; }

    /// <summary>2019 only: protocol version byte (starts at 1).</summary>
    public byte ProtocolVersion { get; }

    public TerminalPhone Phone { get; }

    public ushort Serial { get; }

    public ushort PackageTotal { get; }

    public ushort PackageIndex { get; }

    public int BodyLength => Attributes & BodyLengthMask;

    public bool IsSubpackage => (Attributes & SubpackageBit) != 0;

    public bool IsEncrypted => (Attributes & EncryptionMask) != 0;

    public int Length => HeaderLength(Version, IsSubpackage);

    public static int HeaderLength(Jt808Version version, bool subpackage) => (version == Jt808Version.V2019 ? 17 : 12) + (subpackage ? 4 : 0);

    /// <summary>Reads the header fields from an un-escaped frame laid out as <paramref name="version"/>.</summary>
    internal static Jt808Header Read(ReadOnlySpan<byte> frame, Jt808Version version)
    {
        ushort id = BinaryPrimitives.ReadUInt16BigEndian(frame);
        ushort attributes = BinaryPrimitives.ReadUInt16BigEndian(frame[2..]);
        bool split = (attributes & SubpackageBit) != 0;
        if (version == Jt808Version.V2019)
        {
            return new Jt808Header(
                id,
                attributes,
                version,
                frame[4],
                TerminalPhone.Read(frame.Slice(5, TerminalPhone.Length2019)),
                BinaryPrimitives.ReadUInt16BigEndian(frame[15..]),
                split ? BinaryPrimitives.ReadUInt16BigEndian(frame[17..]) : (ushort)0,
                split ? BinaryPrimitives.ReadUInt16BigEndian(frame[19..]) : (ushort)0);
        }

        return new Jt808Header(
            id,
            attributes,
            version,
            0,
            TerminalPhone.Read(frame.Slice(4, TerminalPhone.Length2013)),
            BinaryPrimitives.ReadUInt16BigEndian(frame[10..]),
            split ? BinaryPrimitives.ReadUInt16BigEndian(frame[12..]) : (ushort)0,
            split ? BinaryPrimitives.ReadUInt16BigEndian(frame[14..]) : (ushort)0);
    }
}

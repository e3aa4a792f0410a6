using System.Buffers.Binary;

namespace Monitoring.Protocol.Bodies;

/// <summary>
/// 0x8003 request to resend parts of a split message (§6): WORD serial of the first part, count (BYTE in 2013,
/// WORD in 2019; the 2013 table's offset 4 is a typo for 2, §11), then the missing 1-based indices as WORDs.
/// </summary>
public readonly ref struct ResendRequest
{
    readonly ReadOnlySpan<byte> _indices;

    ResendRequest(ushort firstSerial, int count, ReadOnlySpan<byte> indices)
    {
        FirstSerial = firstSerial;
        Count = count;
        _indices = indices;
    }

    public ushort FirstSerial { get; }

    public int Count { get; }

    public ushort IndexAt(int i) => BinaryPrimitives.ReadUInt16BigEndian(_indices[(i * 2)..]);

    public static DecodeResult TryRead(ReadOnlySpan<byte> body, Jt808Version version, out ResendRequest request)
    {
        request = default;
        int fixedLength = version == Jt808Version.V2019 ? 4 : 3;
        if (body.Length < fixedLength)
        {
            return DecodeResult.Fail(Jt808Status.Truncated, body.Length);
        }

        int count = version == Jt808Version.V2019 ? BinaryPrimitives.ReadUInt16BigEndian(body[2..]) : body[2];
        if (body.Length < fixedLength + count * 2)
        {
            return DecodeResult.Fail(Jt808Status.Truncated, body.Length);
        }

        request = new ResendRequest(BinaryPrimitives.ReadUInt16BigEndian(body), count, body.Slice(fixedLength, count * 2));
        return DecodeResult.Ok;
    }

    public static int Write(Span<byte> destination, Jt808Version version, ushort firstSerial, ReadOnlySpan<ushort> missingIndices)
    {
        var writer = new BodyWriter(destination);
        writer.WriteUInt16(firstSerial);
        if (version == Jt808Version.V2019)
        {
            writer.WriteUInt16((ushort)missingIndices.Length);
        }
        else
        {
            writer.WriteByte(checked((byte)missingIndices.Length));
        }

        foreach (ushort index in missingIndices)
        {
            writer.WriteUInt16(index);
        }

        return writer.Written;
    }
}

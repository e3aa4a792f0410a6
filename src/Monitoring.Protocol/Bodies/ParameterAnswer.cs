using System.Buffers.Binary;

namespace Monitoring.Protocol.Bodies;

/// <summary>0x0104 answer to a parameter query: WORD serial of the query, BYTE count, items. Large answers come
/// split (§6); decode the reassembled body.</summary>
public readonly ref struct ParameterAnswer
{
    readonly ReadOnlySpan<byte> _items;

    ParameterAnswer(ushort answeredSerial, byte declaredCount, ReadOnlySpan<byte> items, int count, ReadOnlySpan<byte> trailing)
    {
        AnsweredSerial = answeredSerial;
        DeclaredCount = declaredCount;
        _items = items;
        Count = count;
        Trailing = trailing;
    }

    public ushort AnsweredSerial { get; }

    public byte DeclaredCount { get; }

    public int Count { get; }

    public ReadOnlySpan<byte> Trailing { get; }

    public ParameterItemEnumerator Items => new(_items);

    public static DecodeResult TryRead(ReadOnlySpan<byte> body, out ParameterAnswer answer)
    {
        if (body.Length < 3)
        {
            answer = default;
            return DecodeResult.Fail(Jt808Status.Truncated, body.Length);
        }

        var items = body[3..];
        int whole = ParameterItemEnumerator.WholeItemsLength(items, out int count);
        answer = new ParameterAnswer(BinaryPrimitives.ReadUInt16BigEndian(body), body[2], items[..whole], count, items[whole..]);
        return DecodeResult.Ok;
    }
}

using System.Buffers.Binary;

namespace Monitoring.Protocol.Bodies;

/// <summary>
/// A 0x0704 batch (§7, 2013+): WORD count, BYTE type (0 normal, 1 blind-area back-fill), then items of
/// <c>WORD n</c> + n-byte 0x0200 body. Items are read one by one and those that fit are kept: devices declare
/// counts or item lengths that do not fit (SmallChi <c>ErrorRemainPositions</c>, vector #16).
/// </summary>
public readonly ref struct LocationBatch
{
    public const byte NormalBatch = 0;
    public const byte BlindAreaBackfill = 1;

    readonly ReadOnlySpan<byte> _items;

    LocationBatch(ushort declaredCount, byte type, ReadOnlySpan<byte> items, int count, ReadOnlySpan<byte> trailing)
    {
        DeclaredCount = declaredCount;
        Type = type;
        _items = items;
        Count = count;
        Trailing = trailing;
    }

    public ushort DeclaredCount { get; }

    public byte Type { get; }

    /// <summary>Items that were whole and long enough for a basic block.</summary>
    public int Count { get; }

    /// <summary>Bytes from the first item that did not fit.</summary>
    public ReadOnlySpan<byte> Trailing { get; }

    public Jt808Quirks Quirks =>
        (Trailing.IsEmpty ? Jt808Quirks.None : Jt808Quirks.ItemOverrun)
        | (Count == DeclaredCount ? Jt808Quirks.None : Jt808Quirks.BatchCountMismatch);

    public Enumerator GetEnumerator() => new(_items);

    public static DecodeResult TryRead(ReadOnlySpan<byte> body, out LocationBatch batch)
    {
        if (body.Length < 3)
        {
            batch = default;
            return DecodeResult.Fail(Jt808Status.Truncated, body.Length);
        }

        ushort declared = BinaryPrimitives.ReadUInt16BigEndian(body);
        var items = body[3..];
        int offset = 0;
        int count = 0;
        while (items.Length - offset >= 2)
        {
            int length = BinaryPrimitives.ReadUInt16BigEndian(items[offset..]);
            if (length < LocationBasic.Length || length > items.Length - offset - 2)
            {
                break;
            }

            offset += 2 + length;
            count++;
        }

        batch = new LocationBatch(declared, body[2], items[..offset], count, items[offset..]);
        return DecodeResult.Ok;
    }

    public static DecodeResult TryRead(Jt808Message message, out LocationBatch batch)
    {
        batch = default;
        if (message.Header.IsEncrypted)
        {
            return DecodeResult.Fail(Jt808Status.Encrypted, 0);
        }

        return message.MessageId == MessageIds.LocationBatch ? TryRead(message.Body, out batch) : DecodeResult.Fail(Jt808Status.WrongMessage, 0);
    }

    /// <summary>Writes the batch header; append items with <see cref="WriteItem"/>.</summary>
    public static int WriteHeader(Span<byte> destination, ushort count, byte type)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, count);
        destination[2] = type;
        return 3;
    }

    /// <summary>Writes one item (length-prefixed location body); returns the bytes written.</summary>
    public static int WriteItem(Span<byte> destination, in LocationBasic basic, ReadOnlySpan<byte> items)
    {
        int length = LocationReport.Write(destination[2..], basic, items);
        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)length);
        return 2 + length;
    }

    public ref struct Enumerator
    {
        ReadOnlySpan<byte> _rest;
        LocationReport _current;

        internal Enumerator(ReadOnlySpan<byte> items)
        {
            _rest = items;
            _current = default;
        }

        public readonly LocationReport Current => _current;

        public bool MoveNext()
        {
            if (_rest.Length < 2)
            {
                return false;
            }

            int length = BinaryPrimitives.ReadUInt16BigEndian(_rest);
            LocationReport.TryRead(_rest.Slice(2, length), out _current);
            _rest = _rest[(2 + length)..];
            return true;
        }
    }
}

using System.Buffers.Binary;

namespace Monitoring.Protocol.Bodies;

/// <summary>One additional information item of a location (§7.3): a 1-byte id, a 1-byte length and the value.</summary>
public readonly ref struct AdditionalItem
{
    public AdditionalItem(byte id, ReadOnlySpan<byte> value)
    {
        Id = id;
        Value = value;
    }

    public byte Id { get; }

    public ReadOnlySpan<byte> Value { get; }

    public bool TryGetByte(out byte value)
    {
        value = Value.Length == 1 ? Value[0] : (byte)0;
        return Value.Length == 1;
    }

    public bool TryGetUInt16(out ushort value)
    {
        value = Value.Length == 2 ? BinaryPrimitives.ReadUInt16BigEndian(Value) : (ushort)0;
        return Value.Length == 2;
    }

    public bool TryGetUInt32(out uint value)
    {
        value = Value.Length == 4 ? BinaryPrimitives.ReadUInt32BigEndian(Value) : 0;
        return Value.Length == 4;
    }
}

/// <summary>Walks additional items without allocating; stops at the first item that runs past the body.</summary>
public ref struct AdditionalItemEnumerator
{
    ReadOnlySpan<byte> _rest;
    AdditionalItem _current;

    public AdditionalItemEnumerator(ReadOnlySpan<byte> items)
    {
        _rest = items;
        _current = default;
    }

    public readonly AdditionalItem Current => _current;

    public readonly AdditionalItemEnumerator GetEnumerator() => this;

    public bool MoveNext()
    {
        if (_rest.Length < 2 || _rest[1] > _rest.Length - 2)
        {
            return false;
        }

        int length = _rest[1];
        _current = new AdditionalItem(_rest[0], _rest.Slice(2, length));
        _rest = _rest[(2 + length)..];
        return true;
    }

    /// <summary>Length of the run of whole items at the start of <paramref name="items"/>.</summary>
    internal static int WholeItemsLength(ReadOnlySpan<byte> items, out int count)
    {
        int offset = 0;
        count = 0;
        while (items.Length - offset >= 2)
        {
            int length = items[offset + 1];
            if (length > items.Length - offset - 2)
            {
                break;
            }

            offset += 2 + length;
            count++;
        }

        return offset;
    }
}

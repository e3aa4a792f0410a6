using System.Buffers.Binary;

namespace Monitoring.Protocol.Bodies;

/// <summary>One terminal parameter (§7 0x8103/0x0104): DWORD id, BYTE length, value. Read by its declared length,
/// not by the id's nominal type (devices send e.g. 0x0017 with length 1).</summary>
public readonly ref struct ParameterItem
{
    public ParameterItem(uint id, ReadOnlySpan<byte> value)
    {
        Id = id;
        Value = value;
    }

    public uint Id { get; }

    public ReadOnlySpan<byte> Value { get; }

    /// <summary>The value as an unsigned number when it is 1, 2 or 4 bytes long.</summary>
    public bool TryGetNumber(out uint value)
    {
        switch (Value.Length)
        {
            case 1:
                value = Value[0];
                return true;
            case 2:
                value = BinaryPrimitives.ReadUInt16BigEndian(Value);
                return true;
            case 4:
                value = BinaryPrimitives.ReadUInt32BigEndian(Value);
                return true;
            default:
                value = 0;
                return false;
        }
    }
}

/// <summary>Walks parameter items; stops at one whose length runs past the body.</summary>
public ref struct ParameterItemEnumerator
{
    ReadOnlySpan<byte> _rest;
    ParameterItem _current;

    public ParameterItemEnumerator(ReadOnlySpan<byte> items)
    {
        _rest = items;
        _current = default;
    }

    public readonly ParameterItem Current => _current;

    public readonly ParameterItemEnumerator GetEnumerator() => this;

    public bool MoveNext()
    {
        if (_rest.Length < 5 || _rest[4] > _rest.Length - 5)
        {
            return false;
        }

        int length = _rest[4];
        _current = new ParameterItem(BinaryPrimitives.ReadUInt32BigEndian(_rest), _rest.Slice(5, length));
        _rest = _rest[(5 + length)..];
        return true;
    }

    internal static int WholeItemsLength(ReadOnlySpan<byte> items, out int count)
    {
        int offset = 0;
        count = 0;
        while (items.Length - offset >= 5 && items[offset + 4] <= items.Length - offset - 5)
        {
            offset += 5 + items[offset + 4];
            count++;
        }

        return offset;
    }
}

using System.Buffers.Binary;

namespace Monitoring.Rules.Internal;

/// <summary>Reads what <see cref="StateWriter"/> wrote; <see cref="Ok"/> turns false on truncated input instead of throwing.</summary>
ref struct StateReader
{
    readonly ReadOnlySpan<byte> _buffer;
    int _position;

    public StateReader(ReadOnlySpan<byte> buffer)
    {
        _buffer = buffer;
        Ok = true;
    }

    public bool Ok { get; private set; }

    public readonly int Position => _position;

    bool Take(int size)
    {
        if (!Ok || _position + size > _buffer.Length)
        {
            Ok = false;
            return false;
        }
        _position += size;
        return true;
    }

    public byte Byte() => Take(1) ? _buffer[_position - 1] : (byte)0;

    public bool Bool() => Byte() != 0;

    public int Int32() => Take(4) ? BinaryPrimitives.ReadInt32LittleEndian(_buffer[(_position - 4)..]) : 0;

    public uint UInt32() => Take(4) ? BinaryPrimitives.ReadUInt32LittleEndian(_buffer[(_position - 4)..]) : 0;

    public long Int64() => Take(8) ? BinaryPrimitives.ReadInt64LittleEndian(_buffer[(_position - 8)..]) : 0;

    public ushort UInt16() => Take(2) ? BinaryPrimitives.ReadUInt16LittleEndian(_buffer[(_position - 2)..]) : (ushort)0;
}

using System.Buffers.Binary;

namespace Monitoring.Rules.Internal;

/// <summary>Little-endian field writer for checkpoints; the format is versioned by the caller.</summary>
ref struct StateWriter
{
    readonly Span<byte> _buffer;
    int _position;

    public StateWriter(Span<byte> buffer) => _buffer = buffer;

    public readonly int Written => _position;

    public void Byte(byte value) => _buffer[_position++] = value;

    public void Bool(bool value) => Byte(value ? (byte)1 : (byte)0);

    public void Int32(int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(_buffer[_position..], value);
        _position += 4;
    }

    public void UInt32(uint value)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer[_position..], value);
        _position += 4;
    }

    public void Int64(long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(_buffer[_position..], value);
        _position += 8;
    }

    public void UInt16(ushort value)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(_buffer[_position..], value);
        _position += 2;
    }
}

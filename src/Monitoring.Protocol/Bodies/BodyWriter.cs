using System.Buffers.Binary;

namespace Monitoring.Protocol.Bodies;

/// <summary>Writes big-endian fields and GBK text into a body buffer. Running out of room is a caller's bug and throws.</summary>
public ref struct BodyWriter
{
    readonly Span<byte> _buffer;
    int _position;

    public BodyWriter(Span<byte> buffer)
    {
        _buffer = buffer;
        _position = 0;
    }

    public readonly int Written => _position;

    public readonly ReadOnlySpan<byte> WrittenSpan => _buffer[.._position];

    public void WriteByte(byte value) => _buffer[_position++] = value;

    public void WriteUInt16(ushort value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(_buffer[_position..], value);
        _position += 2;
    }

    public void WriteUInt32(uint value)
    {
        BinaryPrimitives.WriteUInt32BigEndian(_buffer[_position..], value);
        _position += 4;
    }

    public void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(_buffer[_position..]);
        _position += bytes.Length;
    }

    /// <summary>GBK text with no terminator (2013/2019 strings).</summary>
    public void WriteText(ReadOnlySpan<char> text) => _position += Gbk.GetBytes(text, _buffer[_position..]);

    /// <summary>GBK text right-padded with 0x00 to <paramref name="width"/> bytes; longer text is an error.</summary>
    public void WriteFixedText(ReadOnlySpan<char> text, int width)
    {
        if (Gbk.GetByteCount(text) > width)
        {
            throw new ArgumentException($"'{text}' does not fit {width} bytes.", nameof(text));
        }

        var field = _buffer.Slice(_position, width);
        int written = Gbk.GetBytes(text, field);
        field[written..].Clear();
        _position += width;
    }

    /// <summary>Reserves <paramref name="count"/> bytes to fill later (e.g. a count known only at the end).</summary>
    public Span<byte> Reserve(int count)
    {
        var slot = _buffer.Slice(_position, count);
        _position += count;
        return slot;
    }
}

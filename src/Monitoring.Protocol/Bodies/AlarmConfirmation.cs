using System.Buffers.Binary;

namespace Monitoring.Protocol.Bodies;

/// <summary>0x8203 manual alarm confirmation (2013+): the serial of the alarm's 0x0200 (0 = all) and the alarm bits
/// confirmed (only 0, 3, 20, 21, 22, 27, 28 are confirmable this way, §7.1).</summary>
public readonly record struct AlarmConfirmation(ushort AlarmSerial, uint AlarmTypes)
{
    public const int Length = 6;

    public static DecodeResult TryRead(ReadOnlySpan<byte> body, out AlarmConfirmation confirmation)
    {
        if (body.Length < Length)
        {
            confirmation = default;
            return DecodeResult.Fail(Jt808Status.Truncated, body.Length);
        }

        confirmation = new AlarmConfirmation(BinaryPrimitives.ReadUInt16BigEndian(body), BinaryPrimitives.ReadUInt32BigEndian(body[2..]));
        return DecodeResult.Ok;
    }

    public int Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, AlarmSerial);
        BinaryPrimitives.WriteUInt32BigEndian(destination[2..], AlarmTypes);
        return Length;
    }
}

using System.Buffers.Binary;

namespace Monitoring.Protocol.Bodies;

/// <summary>0x0001 terminal / 0x8001 platform general response (§7): serial and id answered, and a result.</summary>
public readonly record struct GeneralResponse(ushort AnsweredSerial, ushort AnsweredMessageId, byte Result)
{
    public const int Length = 5;
    public const byte Success = 0;
    public const byte Failure = 1;
    public const byte BadMessage = 2;
    public const byte Unsupported = 3;

    /// <summary>0x8001 only: alarm handling confirmed.</summary>
    public const byte AlarmConfirmed = 4;

    public static DecodeResult TryRead(ReadOnlySpan<byte> body, out GeneralResponse response)
    {
        if (body.Length < Length)
        {
            response = default;
            return DecodeResult.Fail(Jt808Status.Truncated, body.Length);
        }

        response = new GeneralResponse(BinaryPrimitives.ReadUInt16BigEndian(body), BinaryPrimitives.ReadUInt16BigEndian(body[2..]), body[4]);
        return DecodeResult.Ok;
    }

    public int Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, AnsweredSerial);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], AnsweredMessageId);
        destination[4] = Result;
        return Length;
    }
}

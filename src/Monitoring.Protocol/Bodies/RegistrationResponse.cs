using System.Buffers.Binary;

namespace Monitoring.Protocol.Bodies;

/// <summary>0x8100 registration response (§7): serial answered, result, and the authentication code when result is 0.</summary>
public readonly ref struct RegistrationResponse
{
    public const byte Success = 0;
    public const byte VehicleAlreadyRegistered = 1;
    public const byte VehicleUnknown = 2;
    public const byte TerminalAlreadyRegistered = 3;
    public const byte TerminalUnknown = 4;

    RegistrationResponse(ushort answeredSerial, byte result, ReadOnlySpan<byte> authCode)
    {
        AnsweredSerial = answeredSerial;
        Result = result;
        AuthCode = authCode;
    }

    public ushort AnsweredSerial { get; }

    public byte Result { get; }

    public ReadOnlySpan<byte> AuthCode { get; }

    public string GetAuthCode() => Gbk.GetString(AuthCode);

    public static DecodeResult TryRead(ReadOnlySpan<byte> body, out RegistrationResponse response)
    {
        if (body.Length < 3)
        {
            response = default;
            return DecodeResult.Fail(Jt808Status.Truncated, body.Length);
        }

        response = new RegistrationResponse(BinaryPrimitives.ReadUInt16BigEndian(body), body[2], body[3..]);
        return DecodeResult.Ok;
    }

    public static int Write(Span<byte> destination, ushort answeredSerial, byte result, string authCode)
    {
        var writer = new BodyWriter(destination);
        writer.WriteUInt16(answeredSerial);
        writer.WriteByte(result);
        if (result == Success)
        {
            writer.WriteText(authCode);
        }

        return writer.Written;
    }
}

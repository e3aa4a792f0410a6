namespace Monitoring.Protocol.Bodies;

/// <summary>0x8004 (2019) server time reply: BCD[6] in UTC (the 2019 text says so explicitly).</summary>
public readonly record struct ServerTime(Jt808Time Utc)
{
    public const int Length = 6;

    public static DecodeResult TryRead(ReadOnlySpan<byte> body, out ServerTime time)
    {
        if (body.Length < Length)
        {
            time = default;
            return DecodeResult.Fail(Jt808Status.Truncated, body.Length);
        }

        time = new ServerTime(Jt808Time.Read(body));
        return DecodeResult.Ok;
    }

    public int Write(Span<byte> destination)
    {
        Utc.Write(destination);
        return Length;
    }
}

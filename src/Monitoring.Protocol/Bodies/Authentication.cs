namespace Monitoring.Protocol.Bodies;

/// <summary>
/// 0x0102 terminal authentication (§7): 2011/2013 the whole body is the code; 2019 is <c>BYTE n</c>, the code,
/// IMEI BYTE[15] and software version BYTE[20] (offsets 1, 1+n, 16+n; the 2019 table prints them wrong, §11).
/// </summary>
public readonly ref struct Authentication
{
    Authentication(ReadOnlySpan<byte> code, ReadOnlySpan<byte> imei, ReadOnlySpan<byte> softwareVersion)
    {
        Code = code;
        Imei = imei;
        SoftwareVersion = softwareVersion;
    }

    public ReadOnlySpan<byte> Code { get; }

    /// <summary>2019 only.</summary>
    public ReadOnlySpan<byte> Imei { get; }

    /// <summary>2019 only.</summary>
    public ReadOnlySpan<byte> SoftwareVersion { get; }

    public string GetCode() => Gbk.GetString(Code);

    public string GetImei() => Gbk.GetString(Imei);

    public string GetSoftwareVersion() => Gbk.GetString(SoftwareVersion);

    public static DecodeResult TryRead(ReadOnlySpan<byte> body, Jt808Version headerVersion, out Authentication authentication)
    {
        authentication = default;
        if (headerVersion != Jt808Version.V2019)
        {
            int zero = body.IndexOf((byte)0);
            authentication = new Authentication(zero < 0 ? body : body[..zero], default, default);
            return DecodeResult.Ok;
        }

        if (body.Length < 1)
        {
            return DecodeResult.Fail(Jt808Status.Truncated, 0);
        }

        int n = body[0];
        if (body.Length < 36 + n)
        {
            return DecodeResult.Fail(Jt808Status.Truncated, body.Length);
        }

        authentication = new Authentication(body.Slice(1, n), body.Slice(1 + n, 15), body.Slice(16 + n, 20));
        return DecodeResult.Ok;
    }

    public static DecodeResult TryRead(Jt808Message message, out Authentication authentication)
    {
        authentication = default;
        return message.MessageId == MessageIds.Authentication
            ? TryRead(message.Body, message.Header.Version, out authentication)
            : DecodeResult.Fail(Jt808Status.WrongMessage, 0);
    }

    public static int Write(Span<byte> destination, Jt808Version version, string code, string imei = "", string softwareVersion = "")
    {
        var writer = new BodyWriter(destination);
        if (version != Jt808Version.V2019)
        {
            writer.WriteText(code);
            return writer.Written;
        }

        writer.WriteByte((byte)Gbk.GetByteCount(code));
        writer.WriteText(code);
        writer.WriteFixedText(imei, 15);
        writer.WriteFixedText(softwareVersion, 20);
        return writer.Written;
    }
}

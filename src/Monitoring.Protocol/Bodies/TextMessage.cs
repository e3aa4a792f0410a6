namespace Monitoring.Protocol.Bodies;

/// <summary>
/// 0x8300 text message to the terminal (§7): BYTE flags, (2019) BYTE text type, GBK text. Bit 3 asks the terminal
/// to read it out by TTS, which is how duty staff warn a driver.
/// </summary>
public readonly ref struct TextMessage
{
    public const byte Emergency = 1 << 0;
    public const byte Display = 1 << 2;
    public const byte Tts = 1 << 3;

    /// <summary>2019 type bits 0-1: 01 service, 10 emergency, 11 notice.</summary>
    public const byte Type2019Service = 0b01;
    public const byte Type2019Emergency = 0b10;
    public const byte Type2019Notice = 0b11;

    /// <summary>2019 text type byte: 1 notice, 2 service.</summary>
    public const byte TextTypeNotice = 1;
    public const byte TextTypeService = 2;

    /// <summary>GBK bytes that fit one frame's body (1023) next to the flag byte(s).</summary>
    public const int MaxTextBytes2013 = 1022;
    public const int MaxTextBytes2019 = 1021;

    TextMessage(byte flags, byte textType, ReadOnlySpan<byte> text)
    {
        Flags = flags;
        TextType = textType;
        Text = text;
    }

    public byte Flags { get; }

    /// <summary>2019 only; 0 otherwise.</summary>
    public byte TextType { get; }

    public ReadOnlySpan<byte> Text { get; }

    public bool IsTts => (Flags & Tts) != 0;

    public string GetText() => Gbk.Encoding.GetString(Text);

    public static DecodeResult TryRead(ReadOnlySpan<byte> body, Jt808Version version, out TextMessage message)
    {
        int fixedLength = version == Jt808Version.V2019 ? 2 : 1;
        if (body.Length < fixedLength)
        {
            message = default;
            return DecodeResult.Fail(Jt808Status.Truncated, body.Length);
        }

        message = new TextMessage(body[0], version == Jt808Version.V2019 ? body[1] : (byte)0, body[fixedLength..]);
        return DecodeResult.Ok;
    }

    /// <summary>Writes a text message; text longer than one frame is refused (a caller's bug).</summary>
    public static int Write(Span<byte> destination, Jt808Version version, byte flags, ReadOnlySpan<char> text, byte textType = TextTypeNotice)
    {
        int limit = version == Jt808Version.V2019 ? MaxTextBytes2019 : MaxTextBytes2013;
        if (Gbk.GetByteCount(text) > limit)
        {
            throw new ArgumentException($"Text longer than {limit} GBK bytes does not fit one 0x8300.", nameof(text));
        }

        var writer = new BodyWriter(destination);
        writer.WriteByte(flags);
        if (version == Jt808Version.V2019)
        {
            writer.WriteByte(textType);
        }

        writer.WriteText(text);
        return writer.Written;
    }
}

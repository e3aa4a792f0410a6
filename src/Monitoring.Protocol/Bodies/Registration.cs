using System.Buffers.Binary;

namespace Monitoring.Protocol.Bodies;

/// <summary>
/// 0x0100 terminal registration in its three layouts (§7): 2011 (maker 5, model 8, id 7), 2013 (5, 20, 7) and
/// 2019 (11, 30, 30). The 2019 header decides 2019. Between 2011 and 2013 the header says nothing, so the body
/// decides: shorter than the 2013 fixed part (37 bytes) is 2011; otherwise 2013 when its colour byte is a code
/// rather than text and its terminal-id field holds text (or the 2011 one does not). A 2011 plate or VIN of 12+
/// bytes would fool the length-only rule other libraries use.
/// </summary>
public readonly ref struct Registration
{
    Registration(Jt808Version layout, ushort province, ushort city, ReadOnlySpan<byte> manufacturer, ReadOnlySpan<byte> model, ReadOnlySpan<byte> terminalId, byte plateColor, ReadOnlySpan<byte> plate)
    {
        Layout = layout;
        ProvinceId = province;
        CityId = city;
        Manufacturer = manufacturer;
        Model = model;
        TerminalId = terminalId;
        PlateColor = plateColor;
        Plate = plate;
    }

    public Jt808Version Layout { get; }

    public ushort ProvinceId { get; }

    public ushort CityId { get; }

    public ReadOnlySpan<byte> Manufacturer { get; }

    public ReadOnlySpan<byte> Model { get; }

    public ReadOnlySpan<byte> TerminalId { get; }

    /// <summary>JT/T 415 plate colour (1 blue, 2 yellow, 3 black, 4 white, 9 other; 0 = not plated, then <see cref="Plate"/> is the VIN).</summary>
    public byte PlateColor { get; }

    public ReadOnlySpan<byte> Plate { get; }

    public string GetManufacturer() => Gbk.GetString(Manufacturer);

    public string GetModel() => Gbk.GetString(Model);

    public string GetTerminalId() => Gbk.GetString(TerminalId);

    public string GetPlate() => Gbk.GetString(Plate);

    public static DecodeResult TryRead(ReadOnlySpan<byte> body, Jt808Version headerVersion, out Registration registration)
    {
        registration = default;
        if (headerVersion == Jt808Version.V2019)
        {
            return Read(body, Jt808Version.V2019, makerLength: 11, modelLength: 30, idLength: 30, out registration);
        }

        if (body.Length < Fixed(5, 8, 7))
        {
            return DecodeResult.Fail(Jt808Status.Truncated, body.Length);
        }

        // Colours are small codes (JT/T 415: 1-5, 9), never printable text, so a text byte where the 2013 colour
        // should be means the 2011 layout's plate runs there.
        bool is2013 = body.Length >= Fixed(5, 20, 7)
            && body[36] < 0x20
            && (IsText(body.Slice(29, 7)) || !IsText(body.Slice(17, 7)));
        return is2013
            ? Read(body, Jt808Version.V2013, 5, 20, 7, out registration)
            : Read(body, Jt808Version.V2011, 5, 8, 7, out registration);
    }

    public static DecodeResult TryRead(Jt808Message message, out Registration registration)
    {
        registration = default;
        return message.MessageId == MessageIds.Registration
            ? TryRead(message.Body, message.Header.Version, out registration)
            : DecodeResult.Fail(Jt808Status.WrongMessage, 0);
    }

    /// <summary>Writes a registration in the 2013 or 2019 layout (fixed fields right-padded with 0x00).</summary>
    public static int Write(Span<byte> destination, Jt808Version layout, ushort province, ushort city, string manufacturer, string model, string terminalId, byte plateColor, string plate)
    {
        var (maker, modelLength, idLength) = layout switch
        {
            Jt808Version.V2019 => (11, 30, 30),
            Jt808Version.V2011 => (5, 8, 7),
            _ => (5, 20, 7),
        };
        var writer = new BodyWriter(destination);
        writer.WriteUInt16(province);
        writer.WriteUInt16(city);
        writer.WriteFixedText(manufacturer, maker);
        writer.WriteFixedText(model, modelLength);
        writer.WriteFixedText(terminalId, idLength);
        writer.WriteByte(plateColor);
        writer.WriteText(plate);
        return writer.Written;
    }

    static int Fixed(int maker, int model, int id) => 4 + maker + model + id + 1;

    static DecodeResult Read(ReadOnlySpan<byte> body, Jt808Version layout, int makerLength, int modelLength, int idLength, out Registration registration)
    {
        int colorOffset = Fixed(makerLength, modelLength, idLength) - 1;
        if (body.Length <= colorOffset)
        {
            registration = default;
            return DecodeResult.Fail(Jt808Status.Truncated, body.Length);
        }

        registration = new Registration(
            layout,
            BinaryPrimitives.ReadUInt16BigEndian(body),
            BinaryPrimitives.ReadUInt16BigEndian(body[2..]),
            body.Slice(4, makerLength),
            body.Slice(4 + makerLength, modelLength),
            body.Slice(4 + makerLength + modelLength, idLength),
            body[colorOffset],
            TrimTerminator(body[(colorOffset + 1)..]));
        return DecodeResult.Ok;
    }

    // 2011 strings end with 0x00; later ones have none. Either way the plate ends at the first 0x00.
    static ReadOnlySpan<byte> TrimTerminator(ReadOnlySpan<byte> text)
    {
        int zero = text.IndexOf((byte)0);
        return zero < 0 ? text : text[..zero];
    }

    // Terminal ids are upper-case letters and digits, padded with 0x00 (or spaces).
    static bool IsText(ReadOnlySpan<byte> field)
    {
        bool any = false;
        foreach (byte b in field)
        {
            if (b is 0x00 or 0x20)
            {
                continue;
            }

            if (b is < 0x21 or > 0x7E)
            {
                return false;
            }

            any = true;
        }

        return any;
    }
}

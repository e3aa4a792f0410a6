namespace Monitoring.Protocol.Bodies;

/// <summary>
/// 0x8103 set terminal parameters: BYTE count, then items. Numeric parameters of the overspeed and fatigue
/// family (0x0055-0x005C, §7) have typed constructors with the standard's widths and units.
/// </summary>
public readonly ref struct ParameterSettings
{
    public const uint MaxSpeedKmh = 0x0055;
    public const uint OverspeedDurationSeconds = 0x0056;
    public const uint ContinuousDrivingLimitSeconds = 0x0057;
    public const uint DailyDrivingLimitSeconds = 0x0058;
    public const uint MinimumRestSeconds = 0x0059;
    public const uint MaximumParkingSeconds = 0x005A;
    public const uint OverspeedWarningMarginDeciKmh = 0x005B;
    public const uint FatigueWarningMarginSeconds = 0x005C;

    readonly ReadOnlySpan<byte> _items;

    ParameterSettings(byte declaredCount, ReadOnlySpan<byte> items, int count, ReadOnlySpan<byte> trailing)
    {
        DeclaredCount = declaredCount;
        _items = items;
        Count = count;
        Trailing = trailing;
    }

    public byte DeclaredCount { get; }

    public int Count { get; }

    public ReadOnlySpan<byte> Trailing { get; }

    public ParameterItemEnumerator Items => new(_items);

    /// <summary>Byte width of the numeric parameters this type knows (§7 table); 0 for others.</summary>
    public static int WidthOf(uint id) => id switch
    {
        >= MaxSpeedKmh and <= MaximumParkingSeconds => 4,
        OverspeedWarningMarginDeciKmh or FatigueWarningMarginSeconds => 2,
        _ => 0,
    };

    public static DecodeResult TryRead(ReadOnlySpan<byte> body, out ParameterSettings settings)
    {
        if (body.Length < 1)
        {
            settings = default;
            return DecodeResult.Fail(Jt808Status.Truncated, 0);
        }

        var items = body[1..];
        int whole = ParameterItemEnumerator.WholeItemsLength(items, out int count);
        settings = new ParameterSettings(body[0], items[..whole], count, items[whole..]);
        return DecodeResult.Ok;
    }

    /// <summary>Writes a 0x8103 body of numeric parameters, each with its standard width (DWORD unless known otherwise).</summary>
    public static int Write(Span<byte> destination, ReadOnlySpan<NumericParameter> parameters)
    {
        if (parameters.Length > byte.MaxValue)
        {
            throw new ArgumentException("At most 255 parameters fit one 0x8103.", nameof(parameters));
        }

        var writer = new BodyWriter(destination);
        writer.WriteByte((byte)parameters.Length);
        foreach (var p in parameters)
        {
            int width = WidthOf(p.Id) is 0 ? 4 : WidthOf(p.Id);
            writer.WriteUInt32(p.Id);
            writer.WriteByte((byte)width);
            if (width == 2)
            {
                writer.WriteUInt16(checked((ushort)p.Value));
            }
            else
            {
                writer.WriteUInt32(p.Value);
            }
        }

        return writer.Written;
    }
}

/// <summary>A numeric parameter to set with 0x8103.</summary>
public readonly record struct NumericParameter(uint Id, uint Value);

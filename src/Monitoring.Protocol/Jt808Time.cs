namespace Monitoring.Protocol;

/// <summary>
/// A BCD[6] time <c>YY MM DD hh mm ss</c> as the terminal sent it (JT808.md §4: GMT+8 by the standard,
/// other zones on some export devices). Kept raw; converted only when asked.
/// </summary>
public readonly struct Jt808Time : IEquatable<Jt808Time>
{
    /// <summary>The zone the standard prescribes for device times.</summary>
    public static readonly TimeSpan Gmt8 = TimeSpan.FromHours(8);

    // The six bytes big-endian in the low 48 bits.
    readonly ulong _bcd;

    Jt808Time(ulong bcd) => _bcd = bcd;

    public static Jt808Time Read(ReadOnlySpan<byte> bcd6)
    {
        ulong v = (ulong)bcd6[0] << 40 | (ulong)bcd6[1] << 32 | (ulong)bcd6[2] << 24 | (ulong)bcd6[3] << 16 | (ulong)bcd6[4] << 8 | bcd6[5];
        return new Jt808Time(v);
    }

    /// <summary>The wall-clock time <paramref name="local"/> (2000-2099) as BCD.</summary>
    public static Jt808Time FromDateTime(DateTime local)
    {
        if (local.Year is < 2000 or > 2099)
        {
            throw new ArgumentOutOfRangeException(nameof(local), "BCD time holds years 2000-2099.");
        }

        static ulong B(int v) => (ulong)((v / 10) << 4 | v % 10);
        ulong bcd = B(local.Year - 2000) << 40 | B(local.Month) << 32 | B(local.Day) << 24 | B(local.Hour) << 16 | B(local.Minute) << 8 | B(local.Second);
        return new Jt808Time(bcd);
    }

    /// <summary>Converts an instant to the device's GMT+8 wall clock.</summary>
    public static Jt808Time FromInstant(DateTimeOffset instant) => FromDateTime(instant.ToOffset(Gmt8).DateTime);

    public void Write(Span<byte> destination)
    {
        for (int i = 0; i < 6; i++)
        {
            destination[i] = (byte)(_bcd >> ((5 - i) * 8));
        }
    }

    /// <summary>The raw 48 bits, for keys and comparisons without conversion.</summary>
    public ulong Raw => _bcd;

    /// <summary>The wall-clock time the device meant, if every nibble is a digit and the date exists.</summary>
    public bool TryGetDateTime(out DateTime wallClock)
    {
        if (TryGetTicks(out long ticks))
        {
            wallClock = new DateTime(ticks, DateTimeKind.Unspecified);
            return true;
        }

        wallClock = default;
        return false;
    }

    /// <summary>Seconds since the Unix epoch of the instant, reading the wall clock at <paramref name="offsetSeconds"/> east of UTC.</summary>
    public bool TryGetUnixSeconds(int offsetSeconds, out long unixSeconds)
    {
        if (TryGetTicks(out long ticks))
        {
            unixSeconds = (ticks - UnixEpochTicks) / TimeSpan.TicksPerSecond - offsetSeconds;
            return true;
        }

        unixSeconds = 0;
        return false;
    }

    const long UnixEpochTicks = 621_355_968_000_000_000;

    // Arithmetic only (no DateTime validation path): this runs once per fix.
    bool TryGetTicks(out long ticks)
    {
        ticks = 0;

        // Every nibble must be a decimal digit: adding 6 to a nibble carries into bit 4 exactly when it is above 9.
        const ulong Nibbles = 0x0000_FFFF_FFFF_FFFFUL;
        ulong v = _bcd & Nibbles;
        if ((((v & 0x0F0F_0F0F_0F0FUL) + 0x0606_0606_0606UL) & 0x1010_1010_1010UL) != 0
            || ((((v >> 4) & 0x0F0F_0F0F_0F0FUL) + 0x0606_0606_0606UL) & 0x1010_1010_1010UL) != 0)
        {
            return false;
        }

        int year = 2000 + Digits(40);
        int month = Digits(32);
        int day = Digits(24);
        int hour = Digits(16);
        int minute = Digits(8);
        int second = Digits(0);
        if (month is < 1 or > 12 || day < 1 || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        bool leap = (year & 3) == 0 && (year % 100 != 0 || year % 400 == 0);
        ReadOnlySpan<ushort> daysBefore = leap ? DaysBeforeMonthLeap : DaysBeforeMonth;
        if (day > daysBefore[month] - daysBefore[month - 1])
        {
            return false;
        }

        int y = year - 1;
        long days = y * 365L + y / 4 - y / 100 + y / 400 + daysBefore[month - 1] + day - 1;
        ticks = (((days * 24 + hour) * 60 + minute) * 60 + second) * TimeSpan.TicksPerSecond;
        return true;
    }

    // Arrays, not span literals: a Debug build would allocate a span literal of ushort on every call.
    static readonly ushort[] DaysBeforeMonth = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365];

    static readonly ushort[] DaysBeforeMonthLeap = [0, 31, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335, 366];

    int Digits(int shift)
    {
        int b = (int)(_bcd >> shift) & 0xFF;
        return (b >> 4) * 10 + (b & 0xF);
    }

    /// <summary>The instant, reading the wall clock in <paramref name="zone"/> (GMT+8 by the standard).</summary>
    public bool TryGetInstant(TimeSpan zone, out DateTimeOffset instant)
    {
        if (TryGetDateTime(out var wall))
        {
            instant = new DateTimeOffset(wall, zone);
            return true;
        }

        instant = default;
        return false;
    }

    public bool IsValid => TryGetDateTime(out _);

    public bool Equals(Jt808Time other) => _bcd == other._bcd;

    public override bool Equals(object? obj) => obj is Jt808Time other && Equals(other);

    public override int GetHashCode() => _bcd.GetHashCode();

    public static bool operator ==(Jt808Time left, Jt808Time right) => left.Equals(right);

    public static bool operator !=(Jt808Time left, Jt808Time right) => !left.Equals(right);

    public override string ToString() => TryGetDateTime(out var t) ? t.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) : $"invalid BCD {_bcd:X12}";
}

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
        wallClock = default;
        if (!TryDigits(40, out int yy) || !TryDigits(32, out int month) || !TryDigits(24, out int day)
            || !TryDigits(16, out int hour) || !TryDigits(8, out int minute) || !TryDigits(0, out int second))
        {
            return false;
        }

        int year = 2000 + yy;
        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        wallClock = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified);
        return true;
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

    bool TryDigits(int shift, out int value)
    {
        int b = (int)(_bcd >> shift) & 0xFF;
        int hi = b >> 4;
        int lo = b & 0xF;
        value = hi * 10 + lo;
        return hi < 10 && lo < 10;
    }

    public bool Equals(Jt808Time other) => _bcd == other._bcd;

    public override bool Equals(object? obj) => obj is Jt808Time other && Equals(other);

    public override int GetHashCode() => _bcd.GetHashCode();

    public static bool operator ==(Jt808Time left, Jt808Time right) => left.Equals(right);

    public static bool operator !=(Jt808Time left, Jt808Time right) => !left.Equals(right);

    public override string ToString() => TryGetDateTime(out var t) ? t.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) : $"invalid BCD {_bcd:X12}";
}

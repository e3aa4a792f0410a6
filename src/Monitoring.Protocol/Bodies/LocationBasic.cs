using System.Buffers.Binary;

namespace Monitoring.Protocol.Bodies;

/// <summary>
/// The 28-byte basic block of a 0x0200 location (§7): alarm and status words, position, altitude, speed,
/// heading and device time. A plain value, so that it can be copied into batches and rule input.
/// </summary>
public readonly struct LocationBasic
{
    public const int Length = 28;

    public LocationBasic(uint alarm, uint status, uint latitudeRaw, uint longitudeRaw, short altitude, ushort speed, ushort direction, Jt808Time time)
    {
        Alarm = alarm;
        Status = status;
        LatitudeRaw = latitudeRaw;
        LongitudeRaw = longitudeRaw;
        Altitude = altitude;
        Speed = speed;
        Direction = direction;
        Time = time;
    }

    /// <summary>Alarm flags (§7.1).</summary>
    public uint Alarm { get; }

    /// <summary>Status flags (§7.2).</summary>
    public uint Status { get; }

    /// <summary>Latitude magnitude in 10⁻⁶ degrees as sent; the hemisphere is status bit 2.</summary>
    public uint LatitudeRaw { get; }

    /// <summary>Longitude magnitude in 10⁻⁶ degrees as sent; the hemisphere is status bit 3.</summary>
    public uint LongitudeRaw { get; }

    /// <summary>Metres. The standard says WORD; read as signed like traccar, since China has land below sea level.</summary>
    public short Altitude { get; }

    /// <summary>Speed in 0.1 km/h.</summary>
    public ushort Speed { get; }

    /// <summary>Heading 0-359, 0 = north, clockwise.</summary>
    public ushort Direction { get; }

    /// <summary>GNSS time as BCD, GMT+8 by the standard.</summary>
    public Jt808Time Time { get; }

    public bool AccOn => (Status & StatusBits.AccOn) != 0;

    public bool IsPositioned => (Status & StatusBits.Positioned) != 0;

    /// <summary>Signed latitude in 10⁻⁶ degrees. A device that sends a two's-complement negative and also sets the
    /// hemisphere bit is not negated twice (as SmallChi tolerates).</summary>
    public int LatitudeMicrodegrees => Signed(LatitudeRaw, (Status & StatusBits.SouthLatitude) != 0);

    public int LongitudeMicrodegrees => Signed(LongitudeRaw, (Status & StatusBits.WestLongitude) != 0);

    public double Latitude => LatitudeMicrodegrees / 1_000_000.0;

    public double Longitude => LongitudeMicrodegrees / 1_000_000.0;

    public double SpeedKmh => Speed / 10.0;

    public static bool TryRead(ReadOnlySpan<byte> body, out LocationBasic basic)
    {
        if (body.Length < Length)
        {
            basic = default;
            return false;
        }

        basic = new LocationBasic(
            BinaryPrimitives.ReadUInt32BigEndian(body),
            BinaryPrimitives.ReadUInt32BigEndian(body[4..]),
            BinaryPrimitives.ReadUInt32BigEndian(body[8..]),
            BinaryPrimitives.ReadUInt32BigEndian(body[12..]),
            BinaryPrimitives.ReadInt16BigEndian(body[16..]),
            BinaryPrimitives.ReadUInt16BigEndian(body[18..]),
            BinaryPrimitives.ReadUInt16BigEndian(body[20..]),
            Jt808Time.Read(body.Slice(22, 6)));
        return true;
    }

    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination, Alarm);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], Status);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], LatitudeRaw);
        BinaryPrimitives.WriteUInt32BigEndian(destination[12..], LongitudeRaw);
        BinaryPrimitives.WriteInt16BigEndian(destination[16..], Altitude);
        BinaryPrimitives.WriteUInt16BigEndian(destination[18..], Speed);
        BinaryPrimitives.WriteUInt16BigEndian(destination[20..], Direction);
        Time.Write(destination.Slice(22, 6));
    }

    /// <summary>Builds a basic block from signed degrees, setting the hemisphere bits in <paramref name="status"/>.</summary>
    public static LocationBasic Create(uint alarm, uint status, double latitude, double longitude, short altitude, double speedKmh, ushort direction, Jt808Time time)
    {
        status &= ~(StatusBits.SouthLatitude | StatusBits.WestLongitude);
        if (latitude < 0)
        {
            status |= StatusBits.SouthLatitude;
        }

        if (longitude < 0)
        {
            status |= StatusBits.WestLongitude;
        }

        return new LocationBasic(
            alarm,
            status,
            (uint)Math.Round(Math.Abs(latitude) * 1_000_000),
            (uint)Math.Round(Math.Abs(longitude) * 1_000_000),
            altitude,
            (ushort)Math.Clamp(Math.Round(speedKmh * 10), 0, ushort.MaxValue),
            direction,
            time);
    }

    static int Signed(uint raw, bool negative)
    {
        int value = unchecked((int)raw);
        return negative && value > 0 ? -value : value;
    }
}

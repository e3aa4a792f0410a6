using System.Runtime.InteropServices;
using Monitoring.Protocol.Bodies;

namespace Monitoring.Storage;

/// <summary>Which message carried a fix.</summary>
public enum PositionSource : short
{
    /// <summary>0x0200 location report.</summary>
    Report = 0,

    /// <summary>0x0704 batch, type 0 (normal).</summary>
    Batch = 1,

    /// <summary>0x0704 batch, type 1 (blind-area backfill).</summary>
    Backfill = 2,
}

/// <summary>
/// One GPS fix as stored: the JT/T 808 fields as sent (micro-degrees, 0.1 km/h, the alarm and status words),
/// plus who sent it and when it arrived. A value type so that batches are arrays of structs (no allocation per fix).
/// Key: (<see cref="VehicleId"/>, <see cref="DeviceTime"/>, <see cref="Serial"/>).
/// </summary>
[StructLayout(LayoutKind.Auto)]
public readonly record struct StoredPosition
{
    /// <summary>No odometer item (0x01) in the report.</summary>
    public const long NoOdometer = -1;

    public StoredPosition(long vehicleId, DateTime deviceTime, int serial, DateTime receivedAt, int latitudeE6, int longitudeE6,
        int speedDkmh, int direction, short altitudeM, uint alarm, uint status, long odometerHm = NoOdometer,
        PositionSource source = PositionSource.Report)
    {
        if (deviceTime.Kind != DateTimeKind.Utc || receivedAt.Kind != DateTimeKind.Utc)
        {
            throw new ArgumentException("Device and reception times must be UTC (DateTimeKind.Utc).");
        }

        VehicleId = vehicleId;
        DeviceTime = deviceTime;
        Serial = serial;
        ReceivedAt = receivedAt;
        LatitudeE6 = latitudeE6;
        LongitudeE6 = longitudeE6;
        SpeedDkmh = speedDkmh;
        Direction = direction;
        AltitudeM = altitudeM;
        Alarm = alarm;
        Status = status;
        OdometerHm = odometerHm;
        Source = source;
    }

    public long VehicleId { get; }

    /// <summary>The terminal's time of the fix, in UTC.</summary>
    public DateTime DeviceTime { get; }

    /// <summary>The JT/T 808 frame serial (header flow number) of the message that carried the fix.</summary>
    public int Serial { get; }

    /// <summary>When the platform received it, in UTC.</summary>
    public DateTime ReceivedAt { get; }

    /// <summary>Signed micro-degrees (south negative).</summary>
    public int LatitudeE6 { get; }

    /// <summary>Signed micro-degrees (west negative).</summary>
    public int LongitudeE6 { get; }

    /// <summary>Speed in 0.1 km/h as sent.</summary>
    public int SpeedDkmh { get; }

    /// <summary>Heading in degrees as sent (0–359 when valid).</summary>
    public int Direction { get; }

    public short AltitudeM { get; }

    public uint Alarm { get; }

    public uint Status { get; }

    /// <summary>Additional item 0x01 in 0.1 km, or <see cref="NoOdometer"/>.</summary>
    public long OdometerHm { get; }

    public PositionSource Source { get; }

    /// <summary>The fix from a decoded location body; false when the device time is not a valid BCD date.</summary>
    public static bool TryCreate(long vehicleId, int serial, in LocationBasic basic, DateTime receivedAt, long odometerHm,
        PositionSource source, out StoredPosition position)
    {
        // JT/T 808 §4: device times are GMT+8.
        if (!basic.Time.TryGetUnixSeconds(8 * 3600, out long unixSeconds) || receivedAt.Kind != DateTimeKind.Utc)
        {
            position = default;
            return false;
        }

        position = new StoredPosition(vehicleId, DateTime.UnixEpoch.AddSeconds(unixSeconds), serial, receivedAt,
            basic.LatitudeMicrodegrees, basic.LongitudeMicrodegrees, basic.Speed, basic.Direction, basic.Altitude,
            basic.Alarm, basic.Status, odometerHm, source);
        return true;
    }
}

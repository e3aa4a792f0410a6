namespace Monitoring.Rules;

/// <summary>
/// One position report of one vehicle, as the rules need it. The pipeline maps decoded
/// JT/T 808 0x0200/0x0704 locations to it; the engine never sees the wire format.
/// </summary>
public readonly struct Fix
{
    const byte AccFlag = 1;
    const byte GnssFlag = 2;

    readonly byte _flags;

    /// <param name="vehicle">Dense vehicle index (position in the engine's vehicle list).</param>
    /// <param name="time">Device time, Unix seconds (JT/T 808 BCD time is GMT+8; convert before).</param>
    /// <param name="latitudeE6">Latitude, degrees × 10^6, negative for south.</param>
    /// <param name="longitudeE6">Longitude, degrees × 10^6, negative for west.</param>
    /// <param name="speed10">Speed in 0.1 km/h (JT/T 808 WORD).</param>
    /// <param name="direction">Heading 0-359, 0 = north.</param>
    /// <param name="accOn">Status bit 0.</param>
    /// <param name="gnssValid">Status bit 1 (position fixed).</param>
    /// <param name="alarms">Alarm flag DWORD (JT/T 808 table 7.1).</param>
    public Fix(int vehicle, long time, int latitudeE6, int longitudeE6, int speed10, int direction, bool accOn, bool gnssValid, uint alarms = 0)
    {
        Vehicle = vehicle;
        Time = time;
        LatitudeE6 = latitudeE6;
        LongitudeE6 = longitudeE6;
        Speed10 = speed10;
        Direction = (ushort)direction;
        Alarms = alarms;
        _flags = (byte)((accOn ? AccFlag : 0) | (gnssValid ? GnssFlag : 0));
    }

    public long Time { get; }
    public int Vehicle { get; }
    public int LatitudeE6 { get; }
    public int LongitudeE6 { get; }
    public int Speed10 { get; }
    public uint Alarms { get; }
    public ushort Direction { get; }
    public bool AccOn => (_flags & AccFlag) != 0;
    public bool GnssValid => (_flags & GnssFlag) != 0;

    /// <summary>Same vehicle, time and position: a re-sent report.</summary>
    public bool IsSameReportAs(in Fix other) =>
        Time == other.Time && Vehicle == other.Vehicle && LatitudeE6 == other.LatitudeE6 && LongitudeE6 == other.LongitudeE6;
}

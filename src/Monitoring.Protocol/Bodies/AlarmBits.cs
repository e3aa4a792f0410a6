namespace Monitoring.Protocol.Bodies;

/// <summary>Alarm word bits of 0x0200 (§7.1) with their 2013 names (2019 changes noted).</summary>
public static class AlarmBits
{
    public const uint Emergency = 1u << 0;
    public const uint Overspeed = 1u << 1;
    public const uint Fatigue = 1u << 2;

    /// <summary>2013: danger warning; 2019: dangerous driving behaviour.</summary>
    public const uint DangerWarning = 1u << 3;
    public const uint GnssFault = 1u << 4;
    public const uint GnssAntennaCut = 1u << 5;
    public const uint GnssAntennaShort = 1u << 6;
    public const uint PowerUndervoltage = 1u << 7;
    public const uint PowerLost = 1u << 8;
    public const uint DisplayFault = 1u << 9;
    public const uint TtsFault = 1u << 10;
    public const uint CameraFault = 1u << 11;
    public const uint IcCardFault = 1u << 12;
    public const uint OverspeedWarning = 1u << 13;
    public const uint FatigueWarning = 1u << 14;
    public const uint DailyDrivingExceeded = 1u << 18;
    public const uint OvertimeParking = 1u << 19;
    public const uint AreaInOut = 1u << 20;
    public const uint RouteInOut = 1u << 21;
    public const uint RouteTime = 1u << 22;
    public const uint RouteDeviation = 1u << 23;
    public const uint VssFault = 1u << 24;
    public const uint FuelAbnormal = 1u << 25;
    public const uint Stolen = 1u << 26;
    public const uint IllegalIgnition = 1u << 27;
    public const uint IllegalMovement = 1u << 28;
    public const uint Collision = 1u << 29;
    public const uint Rollover = 1u << 30;

    /// <summary>Alarms the terminal clears once the platform answers (0x8001 or 0x8203, §7.1 "ack").</summary>
    public const uint NeedConfirmation = Emergency | DangerWarning | AreaInOut | RouteInOut | RouteTime | IllegalIgnition | IllegalMovement;
}

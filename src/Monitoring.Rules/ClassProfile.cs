namespace Monitoring.Rules;

/// <summary>
/// Every threshold of every rule for one vehicle class. Defaults follow the issue and RULES.md §12;
/// a profile JSON overrides any of them per class.
/// </summary>
public sealed record ClassProfile
{
    /// <summary>Class cap on top of the vehicle's own limit (hazmat 80 km/h, [S7] art.46); null = none.</summary>
    public int? SpeedCapKmh { get; init; }

    /// <summary>Overspeed must last this long to open an episode ([S8] note ②: &gt; 30 s).</summary>
    public int OverspeedMinSeconds { get; init; } = 30;

    /// <summary>Bursts closer than this are one episode ([S8]: reports inside 1 minute count as one).</summary>
    public int OverspeedMergeSeconds { get; init; } = 60;

    /// <summary>Severity bands by largest excess over the limit, in percent ([S14a], [S3]).</summary>
    public int L2Percent { get; init; } = 10;
    public int L3Percent { get; init; } = 20;
    public int L4Percent { get; init; } = 50;

    /// <summary>Night limit = factor × daytime limit; 1 disables night_overspeed ([S1], [S5]: 80 % for passenger vehicles).</summary>
    public double NightSpeedFactor { get; init; } = 1.0;

    /// <summary>Night window, Asia/Shanghai wall clock (RULES.md §12 suggestion 22:00-06:00).</summary>
    public TimeOnly NightStart { get; init; } = new(22, 0);
    public TimeOnly NightEnd { get; init; } = new(6, 0);

    /// <summary>02:00-05:00 running ban ([S4] art.38(5), [S5]).</summary>
    public bool NightBan { get; init; }
    public bool NightBanLongDistanceOnly { get; init; } = true;
    public TimeOnly NightBanStart { get; init; } = new(2, 0);
    public TimeOnly NightBanEnd { get; init; } = new(5, 0);
    public int NightBanMinSeconds { get; init; } = 120;
    /// <summary>Stops shorter than this (lights, toll gates) do not split a night-ban episode.</summary>
    public int NightBanMergeSeconds { get; init; } = 300;

    /// <summary>Continuous driving limits ([S1], [S2] art.62(7), [S4] art.38(1)).</summary>
    public int FatigueDayLimitMinutes { get; init; } = 240;
    /// <summary>Applies while the current time is in the night window.</summary>
    public int FatigueNightLimitMinutes { get; init; } = 240;
    public int RestMinutes { get; init; } = 20;
    public int FatiguePreWarningMinutes { get; init; } = 30;

    /// <summary>Moving time allowed in any rolling 24 h ([S1], [S4] art.38(2)); 0 disables.</summary>
    public int CumulativeLimitMinutes { get; init; }

    /// <summary>Silence after a moving or ACC-on fix that makes a vehicle 脱离监控.</summary>
    public int OfflineMinutes { get; init; } = 20;

    /// <summary>Terminal alarm bits that become episodes (JT808.md §7.1); default all.</summary>
    public uint TerminalAlarmMask { get; init; } = uint.MaxValue;

    /// <summary>The built-in defaults of the issue for a class.</summary>
    public static ClassProfile DefaultFor(VehicleClass vehicleClass) => vehicleClass.IsPassenger()
        ? new ClassProfile
        {
            NightSpeedFactor = 0.8,
            NightBan = true,
            FatigueNightLimitMinutes = 120,
            CumulativeLimitMinutes = 480,
        }
        : new ClassProfile
        {
            SpeedCapKmh = vehicleClass == VehicleClass.Hazmat ? 80 : null,
        };
}

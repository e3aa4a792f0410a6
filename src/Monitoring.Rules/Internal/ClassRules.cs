namespace Monitoring.Rules.Internal;

/// <summary>A <see cref="ClassProfile"/> compiled to the integer units the hot path compares (seconds, 0.1 km/h).</summary>
sealed class ClassRules
{
    public ClassRules(ClassProfile p, VehicleClass vehicleClass)
    {
        Passenger = vehicleClass.IsPassenger();
        SpeedCap10 = p.SpeedCapKmh is { } cap ? cap * 10 : int.MaxValue;
        OverspeedMin = p.OverspeedMinSeconds;
        OverspeedMerge = p.OverspeedMergeSeconds;
        L2Percent = p.L2Percent;
        L3Percent = p.L3Percent;
        L4Percent = p.L4Percent;
        NightFactorPermille = (int)Math.Round(p.NightSpeedFactor * 1000);
        NightStart = SecondOfDay(p.NightStart);
        NightEnd = SecondOfDay(p.NightEnd);
        NightBan = p.NightBan;
        NightBanLongDistanceOnly = p.NightBanLongDistanceOnly;
        NightBanStart = SecondOfDay(p.NightBanStart);
        NightBanEnd = SecondOfDay(p.NightBanEnd);
        NightBanMin = p.NightBanMinSeconds;
        NightBanMerge = p.NightBanMergeSeconds;
        FatigueDay = p.FatigueDayLimitMinutes * 60;
        FatigueNight = p.FatigueNightLimitMinutes * 60;
        Rest = p.RestMinutes * 60;
        PreWarning = p.FatiguePreWarningMinutes * 60;
        Cumulative = p.CumulativeLimitMinutes * 60;
        Offline = p.OfflineMinutes * 60;
        AlarmMask = p.TerminalAlarmMask;
    }

    public bool Passenger { get; }
    public int SpeedCap10 { get; }
    public int OverspeedMin { get; }
    public int OverspeedMerge { get; }
    public int L2Percent { get; }
    public int L3Percent { get; }
    public int L4Percent { get; }
    public int NightFactorPermille { get; }
    public int NightStart { get; }
    public int NightEnd { get; }
    public bool NightBan { get; }
    public bool NightBanLongDistanceOnly { get; }
    public int NightBanStart { get; }
    public int NightBanEnd { get; }
    public int NightBanMin { get; }
    public int NightBanMerge { get; }
    public int FatigueDay { get; }
    public int FatigueNight { get; }
    public int Rest { get; }
    public int PreWarning { get; }
    public int Cumulative { get; }
    public int Offline { get; }
    public uint AlarmMask { get; }

    public bool IsNight(int secondOfDay) => LocalClock.InWindow(secondOfDay, NightStart, NightEnd);

    public bool IsNightBanTime(int secondOfDay) => LocalClock.InWindow(secondOfDay, NightBanStart, NightBanEnd);

    public Severity OverspeedSeverity(int speed10, int limit10)
    {
        // Integer comparison of excess/limit against the bands: no rounding at 10 %, 20 %, 50 %.
        long excess100 = (long)(speed10 - limit10) * 100;
        return excess100 >= (long)L4Percent * limit10 ? Severity.L4
            : excess100 >= (long)L3Percent * limit10 ? Severity.L3
            : excess100 >= (long)L2Percent * limit10 ? Severity.L2
            : Severity.L1;
    }

    static int SecondOfDay(TimeOnly time) => (int)(time.Ticks / TimeSpan.TicksPerSecond);
}

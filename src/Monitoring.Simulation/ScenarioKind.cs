namespace Monitoring.Simulation;

/// <summary>What a vehicle acts out on a simulated day; each has a ground-truth episode (or data-quality event).</summary>
public enum ScenarioKind : byte
{
    None,

    /// <summary>Three minutes at 115 % of the limit in daytime: one overspeed episode, severity L2.</summary>
    Overspeed,

    /// <summary>Passenger vehicle, four minutes at 92 % of the day limit after 22:30 (night limit 80 %): night_overspeed L2.</summary>
    NightOverspeed,

    /// <summary>Long-distance passenger vehicle driving from 01:55 to about 02:25: night_ban.</summary>
    NightBan,

    /// <summary>Four hours fifteen minutes of daytime driving without a 20-minute rest: fatigue_continuous (opening with the pre-warning at 3 h 30 min).</summary>
    FatigueContinuous,

    /// <summary>Passenger vehicle driving more than 8 h within 24 h: fatigue_cumulative.</summary>
    FatigueCumulative,

    /// <summary>Silent for 25 minutes while driving, then a 0x0704 blind-area back-fill: offline.</summary>
    Offline,

    /// <summary>Emergency alarm bit held for two minutes: terminal_alarm (bit 0).</summary>
    EmergencyAlarm,

    /// <summary>One fix displaced by about 5 km: a drift point (data quality, not an episode).</summary>
    Drift,
}

public static class ScenarioKindNames
{
    /// <summary>The rule (or data-quality counter) a scenario is expected to raise.</summary>
    public static string Rule(this ScenarioKind kind) => kind switch
    {
        ScenarioKind.Overspeed => "overspeed",
        ScenarioKind.NightOverspeed => "night_overspeed",
        ScenarioKind.NightBan => "night_ban",
        ScenarioKind.FatigueContinuous => "fatigue_continuous",
        ScenarioKind.FatigueCumulative => "fatigue_cumulative",
        ScenarioKind.Offline => "offline",
        ScenarioKind.EmergencyAlarm => "terminal_alarm",
        ScenarioKind.Drift => "drift",
        _ => "none",
    };

    public static bool AppliesTo(this ScenarioKind kind, FleetVehicle vehicle) => kind switch
    {
        ScenarioKind.NightOverspeed or ScenarioKind.FatigueCumulative => vehicle.IsPassenger,
        ScenarioKind.NightBan => vehicle.IsPassenger && vehicle.LongDistance,
        ScenarioKind.None => false,
        _ => true,
    };
}

namespace Monitoring.Rules;

/// <summary>Names and severities of the JT/T 808 alarm DWORD bits (JT808.md §7.1, 2013/2019 meanings).</summary>
public static class TerminalAlarmNames
{
    static readonly string[] Names =
    [
        "emergency", "overspeed", "fatigue", "danger_warning", "gnss_module_fault", "gnss_antenna_missing",
        "gnss_antenna_short", "power_undervoltage", "power_lost", "display_fault", "tts_fault", "camera_fault",
        "ic_card_module_fault", "overspeed_prewarning", "fatigue_prewarning", "illegal_driving_time", "tyre_pressure",
        "right_turn_blind_spot", "daily_driving_exceeded", "overtime_parking", "area_in_out", "route_in_out",
        "route_segment_time", "route_deviation", "vss_fault", "fuel_abnormal", "stolen", "illegal_ignition",
        "illegal_displacement", "collision", "rollover", "illegal_door_open",
    ];

    public static string ToName(int bit) => Names[bit];

    /// <summary>
    /// Emergency (SOS) and collision/rollover need a person at once; the terminal's own overspeed,
    /// fatigue and route alarms duplicate platform rules; device faults are maintenance.
    /// </summary>
    public static Severity SeverityOf(int bit) => bit switch
    {
        0 or 26 or 29 or 30 => Severity.L4,
        1 or 2 or 3 or 15 or 18 or 23 or 27 or 28 => Severity.L2,
        _ => Severity.L1,
    };
}

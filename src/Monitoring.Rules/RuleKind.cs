namespace Monitoring.Rules;

/// <summary>The violations the engine reports, one episode per violation.</summary>
public enum RuleKind : byte
{
    Overspeed,
    NightOverspeed,
    NightBan,
    FatigueContinuous,
    FatigueCumulative,
    Offline,
    TerminalAlarm,
}

/// <summary>Wire names of <see cref="RuleKind"/>.</summary>
public static class RuleKindNames
{
    public static string ToName(this RuleKind rule) => rule switch
    {
        RuleKind.Overspeed => "overspeed",
        RuleKind.NightOverspeed => "night_overspeed",
        RuleKind.NightBan => "night_ban",
        RuleKind.FatigueContinuous => "fatigue_continuous",
        RuleKind.FatigueCumulative => "fatigue_cumulative",
        RuleKind.Offline => "offline",
        RuleKind.TerminalAlarm => "terminal_alarm",
        _ => throw new ArgumentOutOfRangeException(nameof(rule)),
    };
}

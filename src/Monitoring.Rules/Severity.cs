namespace Monitoring.Rules;

/// <summary>Episode severity; only a rise is reported (as <see cref="EpisodeTransition.Escalated"/>).</summary>
public enum Severity : byte
{
    /// <summary>Pre-warning (fatigue: 30 minutes before the limit).</summary>
    Warning = 1,
    L1,
    L2,
    L3,
    L4,
}

/// <summary>Wire names of <see cref="Severity"/>.</summary>
public static class SeverityNames
{
    public static string ToName(this Severity severity) => severity switch
    {
        Severity.Warning => "warning",
        Severity.L1 => "L1",
        Severity.L2 => "L2",
        Severity.L3 => "L3",
        Severity.L4 => "L4",
        _ => throw new ArgumentOutOfRangeException(nameof(severity)),
    };
}

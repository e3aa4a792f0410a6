namespace Monitoring.Rules;

/// <summary>
/// A transition of one episode. The episode's stable key is (vehicle, rule, start, alarm bit):
/// every event of one episode carries the same key, so storage can upsert on it.
/// </summary>
public readonly struct EpisodeEvent
{
    public EpisodeEvent(EpisodeTransition transition, RuleKind rule, Severity severity, int vehicle, long start, long end,
        int limit10, int maxSpeed10, int alarmBit, bool late, int drivingSeconds)
    {
        Transition = transition;
        Rule = rule;
        Severity = severity;
        Vehicle = vehicle;
        Start = start;
        End = end;
        Limit10 = limit10;
        MaxSpeed10 = maxSpeed10;
        AlarmBit = (sbyte)alarmBit;
        Late = late;
        DrivingSeconds = drivingSeconds;
    }

    public EpisodeTransition Transition { get; }
    public RuleKind Rule { get; }
    /// <summary>Severity so far (the highest reached).</summary>
    public Severity Severity { get; }
    public int Vehicle { get; }
    /// <summary>Episode start, Unix seconds (device time).</summary>
    public long Start { get; }
    /// <summary>Episode end, Unix seconds; meaningful only when <see cref="IsClosed"/>.</summary>
    public long End { get; }
    /// <summary>Speed limit in 0.1 km/h at the worst fix (speed rules), else 0.</summary>
    public int Limit10 { get; }
    /// <summary>Highest speed in 0.1 km/h seen in the episode (speed rules and night ban), else 0.</summary>
    public int MaxSpeed10 { get; }
    /// <summary>JT/T 808 alarm bit (terminal alarms), else -1.</summary>
    public int AlarmBit { get; }
    /// <summary>Caused by a fix later than the reorder window: store it, don't push it as live.</summary>
    public bool Late { get; }
    /// <summary>Driving seconds counted (fatigue rules), else 0.</summary>
    public int DrivingSeconds { get; }
    public bool IsClosed => Transition == EpisodeTransition.Closed;
}

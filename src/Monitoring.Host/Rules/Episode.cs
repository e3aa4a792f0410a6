using Monitoring.Rules;

namespace Monitoring.Host.Rules;

/// <summary>An episode as the replay knows it after all its events: the last word of each field.</summary>
sealed class Episode
{
    public Episode(in EpisodeEvent opened)
    {
        Vehicle = opened.Vehicle;
        Rule = opened.Rule;
        Start = opened.Start;
        AlarmBit = opened.AlarmBit;
        Late = opened.Late;
        Update(opened);
    }

    public int Vehicle { get; }
    public RuleKind Rule { get; }
    public long Start { get; }
    public int AlarmBit { get; }
    public bool Late { get; }
    public long? End { get; private set; }
    public Severity Severity { get; private set; }
    public int Limit10 { get; private set; }
    public int MaxSpeed10 { get; private set; }
    public int DrivingSeconds { get; private set; }

    public (int Vehicle, RuleKind Rule, long Start, int AlarmBit, bool Late) Key => (Vehicle, Rule, Start, AlarmBit, Late);

    public static (int, RuleKind, long, int, bool) KeyOf(in EpisodeEvent e) => (e.Vehicle, e.Rule, e.Start, e.AlarmBit, e.Late);

    public void Update(in EpisodeEvent e)
    {
        Severity = e.Severity;
        Limit10 = e.Limit10;
        MaxSpeed10 = e.MaxSpeed10;
        DrivingSeconds = e.DrivingSeconds;
        if (e.IsClosed)
        {
            End = e.End;
        }
    }
}

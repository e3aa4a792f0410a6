namespace Monitoring.Rules.Internal;

/// <summary>
/// A run of consecutive fixes that meet a condition (over the limit, moving in the ban window).
/// The episode opens once a run has lasted <c>min</c> seconds of device time; runs less than
/// <c>merge</c> seconds apart are one episode ([S8]: reports inside one minute count as one).
/// The episode ends at its last qualifying fix, so closing on a later fix or on the clock gives the same end.
/// </summary>
struct RunTracker
{
    public long RunStart;
    public long LastHit;
    public long LastSeen;
    public int RunScore;
    public int RunSpeed10;
    public int RunLimit10;
    public Severity RunSeverity;
    public RuleKind RunRule;
    public bool Open;
    public long EpisodeStart;
    public RuleKind Rule;
    public Severity Severity;
    public int Score;
    public int Speed10;
    public int Limit10;

    public static RunTracker Empty => new() { RunStart = Time.None, LastHit = Time.None, LastSeen = Time.None };

    /// <summary>Closes the episode when no fix at or after <paramref name="time"/> can join it any more.</summary>
    public void CloseIfOver(long time, int merge, int vehicle, bool late, EpisodeBuffer events)
    {
        if (Open && time - LastHit >= merge)
        {
            Open = false;
            RunStart = Time.None;
            events.Add(Event(EpisodeTransition.Closed, vehicle, LastHit, late));
        }
    }

    /// <summary>Closes whatever is open at its last qualifying fix (end of a backfill).</summary>
    public void CloseNow(int vehicle, bool late, EpisodeBuffer events)
    {
        if (Open)
        {
            events.Add(Event(EpisodeTransition.Closed, vehicle, LastHit, late));
        }
        this = Empty;
    }

    /// <param name="score">Orders fixes by how bad they are (excess in permille, or speed); the worst one is reported.</param>
    public void Observe(long time, bool hit, RuleKind rule, Severity severity, int score, int speed10, int limit10,
        int min, int merge, int maxGap, int vehicle, bool late, EpisodeBuffer events)
    {
        CloseIfOver(time, merge, vehicle, late, events);
        if (hit)
        {
            if (Open)
            {
                if (score > Score)
                {
                    Score = score;
                    Speed10 = speed10;
                    Limit10 = limit10;
                }
                if (severity > Severity)
                {
                    Severity = severity;
                    events.Add(Event(EpisodeTransition.Escalated, vehicle, 0, late));
                }
            }
            else
            {
                if (RunStart == Time.None || time - LastSeen > maxGap)
                {
                    RunStart = time;
                    RunRule = rule;
                    RunSeverity = severity;
                    RunScore = score;
                    RunSpeed10 = speed10;
                    RunLimit10 = limit10;
                }
                else
                {
                    if (severity > RunSeverity)
                    {
                        RunSeverity = severity;
                    }
                    if (score > RunScore)
                    {
                        RunScore = score;
                        RunSpeed10 = speed10;
                        RunLimit10 = limit10;
                    }
                }
                if (time - RunStart >= min)
                {
                    Open = true;
                    EpisodeStart = RunStart;
                    Rule = RunRule;
                    Severity = RunSeverity;
                    Score = RunScore;
                    Speed10 = RunSpeed10;
                    Limit10 = RunLimit10;
                    events.Add(Event(EpisodeTransition.Opened, vehicle, 0, late));
                }
            }
            LastHit = time;
        }
        else if (!Open)
        {
            RunStart = Time.None;
        }
        LastSeen = time;
    }

    readonly EpisodeEvent Event(EpisodeTransition transition, int vehicle, long end, bool late) =>
        new(transition, Rule, Severity, vehicle, EpisodeStart, end, Limit10, Speed10, -1, late, 0);

    public readonly void Write(ref StateWriter w)
    {
        w.Int64(RunStart);
        w.Int64(LastHit);
        w.Int64(LastSeen);
        w.Int32(RunScore);
        w.Int32(RunSpeed10);
        w.Int32(RunLimit10);
        w.Byte((byte)RunSeverity);
        w.Byte((byte)RunRule);
        w.Bool(Open);
        w.Int64(EpisodeStart);
        w.Byte((byte)Rule);
        w.Byte((byte)Severity);
        w.Int32(Score);
        w.Int32(Speed10);
        w.Int32(Limit10);
    }

    public void Read(ref StateReader r)
    {
        RunStart = r.Int64();
        LastHit = r.Int64();
        LastSeen = r.Int64();
        RunScore = r.Int32();
        RunSpeed10 = r.Int32();
        RunLimit10 = r.Int32();
        RunSeverity = (Severity)r.Byte();
        RunRule = (RuleKind)r.Byte();
        Open = r.Bool();
        EpisodeStart = r.Int64();
        Rule = (RuleKind)r.Byte();
        Severity = (Severity)r.Byte();
        Score = r.Int32();
        Speed10 = r.Int32();
        Limit10 = r.Int32();
    }
}

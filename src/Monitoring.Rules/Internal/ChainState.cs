namespace Monitoring.Rules.Internal;

/// <summary>
/// Rules that follow one time-ordered stream of fixes. Each vehicle has two: the live stream
/// (released from the reorder buffer) and the backfill stream (fixes later than the reorder
/// window that fill a gap in the live data, typically 0x0704 blind-area uploads).
/// </summary>
struct ChainState
{
    public long LastTime;
    public int LastLatitude;
    public int LastLongitude;
    // Last valid fix: the reference for drift.
    public long RefTime;
    public int RefLatitude;
    public int RefLongitude;
    // Consecutive drift points that agree with each other: three of them mean the vehicle really is there.
    public long DriftTime;
    public int DriftLatitude;
    public int DriftLongitude;
    public int DriftStreak;
    public uint AlarmBits;
    public RunTracker Overspeed;
    public RunTracker NightBan;
    // Engine clock when the chain last took a fix (backfill idle detection).
    public long TouchedClock;

    public static ChainState Empty => new()
    {
        LastTime = Time.None,
        RefTime = Time.None,
        DriftTime = Time.None,
        Overspeed = RunTracker.Empty,
        NightBan = RunTracker.Empty,
        TouchedClock = Time.None,
    };

    public readonly bool HasOpenEpisodes => AlarmBits != 0 || Overspeed.Open || NightBan.Open;

    public readonly void Write(ref StateWriter w)
    {
        w.Int64(LastTime);
        w.Int32(LastLatitude);
        w.Int32(LastLongitude);
        w.Int64(RefTime);
        w.Int32(RefLatitude);
        w.Int32(RefLongitude);
        w.Int64(DriftTime);
        w.Int32(DriftLatitude);
        w.Int32(DriftLongitude);
        w.Int32(DriftStreak);
        w.UInt32(AlarmBits);
        Overspeed.Write(ref w);
        NightBan.Write(ref w);
        w.Int64(TouchedClock);
    }

    public void Read(ref StateReader r)
    {
        LastTime = r.Int64();
        LastLatitude = r.Int32();
        LastLongitude = r.Int32();
        RefTime = r.Int64();
        RefLatitude = r.Int32();
        RefLongitude = r.Int32();
        DriftTime = r.Int64();
        DriftLatitude = r.Int32();
        DriftLongitude = r.Int32();
        DriftStreak = r.Int32();
        AlarmBits = r.UInt32();
        Overspeed.Read(ref r);
        NightBan.Read(ref r);
        TouchedClock = r.Int64();
    }
}

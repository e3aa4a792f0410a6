namespace Monitoring.Rules.Internal;

/// <summary>
/// The hot part of what the engine remembers about one vehicle. The big fixed-size slices live in
/// their own arrays (reorder buffer, fatigue gaps, 24 h buckets, alarm start times), and so does the
/// rarely used backfill stream, so that a fix touches few cache lines.
/// </summary>
struct VehicleState
{
    // Receipt: newest fix received, for lateness and offline.
    public long Newest;
    // Engine clock when the newest fix came: silence is measured on the engine clock, so a device whose clock runs slow is not offline.
    public long NewestClock;
    public bool NewestActive;
    public long Horizon;
    public int PendingCount;
    // First slot of the circular reorder buffer; not saved (a restored buffer starts at slot 0).
    public int PendingHead;
    public bool OfflineOpen;
    public long OfflineStart;

    public ChainState Live;

    // Continuous driving (live stream, valid fixes).
    public long FatigueLastTime;
    public bool FatigueLastMoving;
    public long SpellStart;
    public int Driving;
    public long StopStart;
    public bool FatigueOpen;
    public long FatigueStart;
    public Severity FatigueSeverity;
    public bool FatigueLate;
    public int GapNext;

    // Rolling 24 h driving in 5-minute buckets.
    public long CumulativeHead;
    public int CumulativeSum;
    public bool CumulativeOpen;
    public long CumulativeStart;
    public bool CumulativeLate;

    public QualityCounters Quality;

    public static VehicleState Empty => new()
    {
        Newest = Time.None,
        NewestClock = Time.None,
        Horizon = Time.None,
        Live = ChainState.Empty,
        FatigueLastTime = Time.None,
        SpellStart = Time.None,
        StopStart = Time.None,
        CumulativeHead = Time.None,
    };

    public readonly void Write(ref StateWriter w)
    {
        w.Int64(Newest);
        w.Int64(NewestClock);
        w.Bool(NewestActive);
        w.Int64(Horizon);
        w.Int32(PendingCount);
        w.Bool(OfflineOpen);
        w.Int64(OfflineStart);
        Live.Write(ref w);
        w.Int64(FatigueLastTime);
        w.Bool(FatigueLastMoving);
        w.Int64(SpellStart);
        w.Int32(Driving);
        w.Int64(StopStart);
        w.Bool(FatigueOpen);
        w.Int64(FatigueStart);
        w.Byte((byte)FatigueSeverity);
        w.Bool(FatigueLate);
        w.Int32(GapNext);
        w.Int64(CumulativeHead);
        w.Int32(CumulativeSum);
        w.Bool(CumulativeOpen);
        w.Int64(CumulativeStart);
        w.Bool(CumulativeLate);
        w.Int64(Quality.Fixes);
        w.Int64(Quality.Valid);
        w.Int64(Quality.InvalidFix);
        w.Int64(Quality.Drift);
        w.Int64(Quality.Duplicates);
        w.Int64(Quality.Late);
    }

    public void Read(ref StateReader r)
    {
        Newest = r.Int64();
        NewestClock = r.Int64();
        NewestActive = r.Bool();
        Horizon = r.Int64();
        PendingCount = r.Int32();
        OfflineOpen = r.Bool();
        OfflineStart = r.Int64();
        Live.Read(ref r);
        FatigueLastTime = r.Int64();
        FatigueLastMoving = r.Bool();
        SpellStart = r.Int64();
        Driving = r.Int32();
        StopStart = r.Int64();
        FatigueOpen = r.Bool();
        FatigueStart = r.Int64();
        FatigueSeverity = (Severity)r.Byte();
        FatigueLate = r.Bool();
        GapNext = r.Int32();
        CumulativeHead = r.Int64();
        CumulativeSum = r.Int32();
        CumulativeOpen = r.Bool();
        CumulativeStart = r.Int64();
        CumulativeLate = r.Bool();
        Quality.Fixes = r.Int64();
        Quality.Valid = r.Int64();
        Quality.InvalidFix = r.Int64();
        Quality.Drift = r.Int64();
        Quality.Duplicates = r.Int64();
        Quality.Late = r.Int64();
    }
}

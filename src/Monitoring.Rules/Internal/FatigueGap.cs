namespace Monitoring.Rules.Internal;

/// <summary>
/// A stretch of the live stream with no data longer than the driving gap, so not counted as driving.
/// Backfilled fixes inside it add the driving they show; outside such gaps a late fix is a re-send.
/// </summary>
struct FatigueGap
{
    public long Start;
    public long End;
    // Last backfilled fix inside the gap (starts at the live fix before the gap).
    public long Cursor;
    public bool CursorMoving;

    public readonly bool Contains(long time) => End != Time.None && time > Start && time < End;

    public readonly void Write(ref StateWriter w)
    {
        w.Int64(Start);
        w.Int64(End);
        w.Int64(Cursor);
        w.Bool(CursorMoving);
    }

    public void Read(ref StateReader r)
    {
        Start = r.Int64();
        End = r.Int64();
        Cursor = r.Int64();
        CursorMoving = r.Bool();
    }
}

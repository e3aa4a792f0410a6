using Monitoring.Rules.Internal;

namespace Monitoring.Rules;

// Continuous driving (4 h / 2 h at night, 20 min rest) and cumulative driving (8 h in any 24 h).
public sealed partial class RuleEngine
{
    void Fatigue(int v, ref VehicleState s, ClassRules rules, in Fix fix, int secondOfDay, EpisodeBuffer events)
    {
        var time = fix.Time;
        var moving = fix.Speed10 > _moving10;
        // Slide the 24 h window before adding: a closing is judged on the driving already counted.
        AdvanceCumulative(v, ref s, rules, time, events);
        if (s.FatigueLastTime == Time.None)
        {
            // Everything before the first live fix is a gap that a backfill may fill.
            RecordGap(v, ref s, long.MinValue, time, Time.None, false);
        }
        else
        {
            var interval = time - s.FatigueLastTime;
            if (interval > _maxGap)
            {
                RecordGap(v, ref s, s.FatigueLastTime, time, s.FatigueLastTime, s.FatigueLastMoving);
            }
            else if (interval > 0 && s.FatigueLastMoving)
            {
                if (s.SpellStart == Time.None)
                {
                    s.SpellStart = s.FatigueLastTime;
                }
                s.Driving += (int)interval;
                AddCumulative(v, ref s, s.FatigueLastTime, time);
            }
        }
        // A stop of the rest length ends the spell; shorter stops neither reset nor add ([S13a], [S2] art.62(7)).
        if (s.StopStart != Time.None && time - s.StopStart >= rules.Rest)
        {
            Rest(v, ref s, events);
        }
        if (moving)
        {
            s.StopStart = Time.None;
            if (s.SpellStart == Time.None)
            {
                s.SpellStart = time;
            }
        }
        else if (s.StopStart == Time.None)
        {
            s.StopStart = time;
        }
        s.FatigueLastTime = time;
        s.FatigueLastMoving = moving;
        // Judged while driving: a coach parked at 21:59 with 2 h 30 driven is not over the night limit at 22:00.
        if (moving)
        {
            CheckContinuous(v, ref s, rules, time, secondOfDay, false, events);
        }
        CheckCumulative(v, ref s, rules, time, false, events);
    }

    void Rest(int v, ref VehicleState s, EpisodeBuffer events)
    {
        if (s.FatigueOpen)
        {
            s.FatigueOpen = false;
            events.Add(new EpisodeEvent(EpisodeTransition.Closed, RuleKind.FatigueContinuous, s.FatigueSeverity, v, s.FatigueStart, s.StopStart, 0, 0, -1, s.FatigueLate, s.Driving));
        }
        s.Driving = 0;
        s.SpellStart = Time.None;
    }

    void CheckContinuous(int v, ref VehicleState s, ClassRules rules, long time, int secondOfDay, bool late, EpisodeBuffer events)
    {
        var limit = rules.IsNight(secondOfDay) ? rules.FatigueNight : rules.FatigueDay;
        if (limit <= 0)
        {
            return;
        }
        var severity = s.Driving >= limit ? Severity.L1 : s.Driving >= limit - rules.PreWarning ? Severity.Warning : default;
        if (severity == default)
        {
            return;
        }
        if (!s.FatigueOpen)
        {
            s.FatigueOpen = true;
            s.FatigueStart = time;
            s.FatigueSeverity = severity;
            s.FatigueLate = late;
            events.Add(new EpisodeEvent(EpisodeTransition.Opened, RuleKind.FatigueContinuous, severity, v, time, 0, 0, 0, -1, late, s.Driving));
        }
        else if (severity > s.FatigueSeverity)
        {
            s.FatigueSeverity = severity;
            events.Add(new EpisodeEvent(EpisodeTransition.Escalated, RuleKind.FatigueContinuous, severity, v, s.FatigueStart, 0, 0, 0, -1, s.FatigueLate, s.Driving));
        }
    }

    void CheckCumulative(int v, ref VehicleState s, ClassRules rules, long time, bool late, EpisodeBuffer events)
    {
        if (rules.Cumulative > 0 && !s.CumulativeOpen && s.CumulativeSum > rules.Cumulative)
        {
            s.CumulativeOpen = true;
            s.CumulativeStart = time;
            s.CumulativeLate = late;
            events.Add(new EpisodeEvent(EpisodeTransition.Opened, RuleKind.FatigueCumulative, Severity.L1, v, time, 0, 0, 0, -1, late, s.CumulativeSum));
        }
    }

    /// <summary>
    /// Moves the rolling 24 h window to the bucket of <paramref name="time"/>. Driving is kept in 5-minute
    /// buckets, so "any 24 h" is exact to 5 minutes; the episode closes at the bucket boundary where the
    /// sum fell back to the limit, the same whether a fix or the clock moved the window.
    /// </summary>
    void AdvanceCumulative(int v, ref VehicleState s, ClassRules rules, long time, EpisodeBuffer events)
    {
        if (rules.Cumulative <= 0)
        {
            return;
        }
        var target = Math.DivRem(time, BucketSeconds, out var rem) - (rem < 0 ? 1 : 0);
        if (s.CumulativeHead == Time.None)
        {
            s.CumulativeHead = target;
            return;
        }
        var steps = Math.Min(target - s.CumulativeHead, BucketCount);
        if (steps <= 0)
        {
            return;
        }
        var buckets = _buckets.AsSpan(v * BucketCount, BucketCount);
        for (var i = 1; i <= steps; i++)
        {
            var bucket = s.CumulativeHead + i;
            ref var slot = ref buckets[(int)(bucket % BucketCount)];
            s.CumulativeSum -= slot;
            slot = 0;
            if (s.CumulativeOpen && s.CumulativeSum <= rules.Cumulative)
            {
                s.CumulativeOpen = false;
                events.Add(new EpisodeEvent(EpisodeTransition.Closed, RuleKind.FatigueCumulative, Severity.L1, v, s.CumulativeStart, bucket * BucketSeconds, 0, 0, -1, s.CumulativeLate, s.CumulativeSum));
            }
        }
        s.CumulativeHead = target;
    }

    /// <summary>Adds driving over [from, to) to the buckets still inside the window.</summary>
    void AddCumulative(int v, ref VehicleState s, long from, long to)
    {
        if (s.CumulativeHead == Time.None)
        {
            return;
        }
        var buckets = _buckets.AsSpan(v * BucketCount, BucketCount);
        var bucket = Math.DivRem(from, BucketSeconds, out var rem) - (rem < 0 ? 1 : 0);
        while (from < to)
        {
            var piece = Math.Min(to, (bucket + 1) * BucketSeconds) - from;
            if (bucket > s.CumulativeHead - BucketCount && bucket <= s.CumulativeHead)
            {
                buckets[(int)(bucket % BucketCount)] += (ushort)piece;
                s.CumulativeSum += (int)piece;
            }
            from += piece;
            bucket++;
        }
    }

    void RecordGap(int v, ref VehicleState s, long start, long end, long cursor, bool cursorMoving)
    {
        ref var gap = ref _gaps[v * GapSlots + s.GapNext];
        gap.Start = start;
        gap.End = end;
        gap.Cursor = cursor;
        gap.CursorMoving = cursorMoving;
        s.GapNext = (s.GapNext + 1) % GapSlots;
    }

    /// <summary>
    /// A backfilled fix inside a gap adds the driving since the previous backfilled fix of that gap,
    /// to the rolling 24 h and, if the gap lies in the current spell, to continuous driving.
    /// The stretch from the last backfilled fix to the fix that ended the gap stays uncounted.
    /// </summary>
    void FillGap(int v, ref VehicleState s, ref FatigueGap gap, ClassRules rules, in Fix fix, EpisodeBuffer events)
    {
        if (fix.Time <= gap.Cursor)
        {
            return;
        }
        if (gap.Cursor != Time.None && gap.CursorMoving && fix.Time - gap.Cursor <= _maxGap)
        {
            AddCumulative(v, ref s, gap.Cursor, fix.Time);
            if (s.SpellStart != Time.None && gap.Start >= s.SpellStart)
            {
                s.Driving += (int)(fix.Time - gap.Cursor);
            }
        }
        gap.Cursor = fix.Time;
        gap.CursorMoving = fix.Speed10 > _moving10;
        // The spell and the window are judged as of the live stream's time.
        CheckContinuous(v, ref s, rules, s.FatigueLastTime, LocalClock.SecondOfDay(s.FatigueLastTime), true, events);
        CheckCumulative(v, ref s, rules, s.FatigueLastTime, true, events);
    }
}

using System.Numerics;
using Monitoring.Rules.Internal;

namespace Monitoring.Rules;

// Fixes later than the reorder window, and what the clock alone decides.
public sealed partial class RuleEngine
{
    /// <summary>
    /// A late fix inside a gap of the live data (a 0x0704 blind-area upload) runs through its own
    /// time-ordered stream and fills fatigue driving time; its episodes are marked late. A late fix
    /// where live data already exists is a terminal re-send: it is counted, and opens nothing.
    /// </summary>
    void Backfill(int v, ref VehicleState s, in Fix fix, EpisodeBuffer events)
    {
        var gaps = _gaps.AsSpan(v * GapSlots, GapSlots);
        var g = -1;
        for (var i = 0; i < gaps.Length; i++)
        {
            if (gaps[i].Contains(fix.Time))
            {
                g = i;
                break;
            }
        }
        if (g < 0)
        {
            return;
        }
        ref var chain = ref _backfill[v];
        if (chain.LastTime != Time.None)
        {
            if (chain.LastTime == fix.Time && chain.LastLatitude == fix.LatitudeE6 && chain.LastLongitude == fix.LongitudeE6)
            {
                s.Quality.Duplicates++;
                return;
            }
            if (fix.Time < chain.LastTime)
            {
                // An earlier stretch is being uploaded: what the previous one left open ends where it stopped.
                EndBackfill(v, ref s, events);
            }
        }
        chain.LastTime = fix.Time;
        chain.LastLatitude = fix.LatitudeE6;
        chain.LastLongitude = fix.LongitudeE6;
        chain.TouchedClock = _clock;
        var vehicleRules = _vehicleRules[v];
        var rules = _classes[vehicleRules.ClassIndex];
        TerminalAlarms(v, ref chain, fix, rules.AlarmMask, BackfillAlarmSlot, true, events);
        if (!Qualify(ref chain, ref s.Quality, fix))
        {
            return;
        }
        FillGap(v, ref s, ref gaps[g], rules, fix, events);
        Speed(v, ref chain, vehicleRules, rules, fix, LocalClock.SecondOfDay(fix.Time), true, events);
    }

    /// <summary>Closes what a backfill left open at its last fix and forgets the stream.</summary>
    void EndBackfill(int v, ref VehicleState s, EpisodeBuffer events)
    {
        ref var chain = ref _backfill[v];
        chain.Overspeed.CloseNow(v, true, events);
        chain.NightBan.CloseNow(v, true, events);
        var bits = chain.AlarmBits;
        var starts = _alarmStarts.AsSpan(v * AlarmSlots + BackfillAlarmSlot, 32);
        while (bits != 0)
        {
            var bit = BitOperations.TrailingZeroCount(bits);
            bits &= bits - 1;
            events.Add(new EpisodeEvent(EpisodeTransition.Closed, RuleKind.TerminalAlarm, TerminalAlarmNames.SeverityOf(bit), v, starts[bit], chain.LastTime, 0, 0, bit, true, 0));
        }
        chain = ChainState.Empty;
    }

    /// <summary>
    /// No fix earlier than <paramref name="horizon"/> will be evaluated in order any more, so whatever
    /// the next fix would close at or after it can be closed now, with the same end.
    /// </summary>
    void CloseByTime(int v, ref VehicleState s, ClassRules rules, long horizon, EpisodeBuffer events)
    {
        if (horizon == Time.None)
        {
            return;
        }
        s.Live.Overspeed.CloseIfOver(horizon, rules.OverspeedMerge, v, false, events);
        s.Live.NightBan.CloseIfOver(horizon, rules.NightBanMerge, v, false, events);
        if (s.StopStart != Time.None && horizon - s.StopStart >= rules.Rest && (s.FatigueOpen || s.Driving > 0))
        {
            Rest(v, ref s, events);
        }
        if (s.FatigueLastTime != Time.None && horizon > s.FatigueLastTime)
        {
            AdvanceCumulative(v, ref s, rules, horizon, events);
        }
    }
}

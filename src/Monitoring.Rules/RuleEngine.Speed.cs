using System.Numerics;
using Monitoring.Rules.Internal;

namespace Monitoring.Rules;

// The per-fix path of one time-ordered stream: validity, terminal alarms, speed rules.
public sealed partial class RuleEngine
{
    // RULES.md §5.2 plausible ranges: longitude 73°33′E-135°05′E, latitude 3°51′N-53°33′N.
    const int MinLatitudeE6 = 3_850_000;
    const int MaxLatitudeE6 = 53_550_000;
    const int MinLongitudeE6 = 73_550_000;
    const int MaxLongitudeE6 = 135_083_333;
    // Three drift points that agree with each other mean the previous reference was the wrong one.
    const int DriftStreakToReanchor = 3;
    // Upper bound of metres per micro-degree (a degree of latitude is 110.6-111.7 km).
    const double MetresPerDegreeE6 = 0.1117;

    void EvaluateLive(int v, ref VehicleState s, in Fix fix, EpisodeBuffer events)
    {
        ref var chain = ref s.Live;
        chain.LastTime = fix.Time;
        chain.LastLatitude = fix.LatitudeE6;
        chain.LastLongitude = fix.LongitudeE6;
        var vehicleRules = _vehicleRules[v];
        var rules = _classes[vehicleRules.ClassIndex];
        TerminalAlarms(v, ref chain, fix, rules.AlarmMask, 0, false, events);
        if (!Qualify(ref chain, ref s.Quality, fix))
        {
            return;
        }
        var secondOfDay = LocalClock.SecondOfDay(fix.Time);
        Fatigue(v, ref s, rules, fix, secondOfDay, events);
        Speed(v, ref s.Live, vehicleRules, rules, fix, secondOfDay, false, events);
    }

    /// <summary>Whether the speed and fatigue rules may use the fix; counts it as valid, invalid or drift.</summary>
    bool Qualify(ref ChainState chain, ref QualityCounters quality, in Fix fix)
    {
        if (!fix.GnssValid
            || fix.LatitudeE6 < MinLatitudeE6 || fix.LatitudeE6 > MaxLatitudeE6
            || fix.LongitudeE6 < MinLongitudeE6 || fix.LongitudeE6 > MaxLongitudeE6
            || fix.Speed10 < 0 || fix.Speed10 > _maxValid10)
        {
            quality.InvalidFix++;
            return false;
        }
        if (chain.RefTime != Time.None && IsDrift(chain.RefTime, chain.RefLatitude, chain.RefLongitude, fix))
        {
            chain.DriftStreak = chain.DriftStreak > 0 && !IsDrift(chain.DriftTime, chain.DriftLatitude, chain.DriftLongitude, fix)
                ? chain.DriftStreak + 1
                : 1;
            chain.DriftTime = fix.Time;
            chain.DriftLatitude = fix.LatitudeE6;
            chain.DriftLongitude = fix.LongitudeE6;
            if (chain.DriftStreak < DriftStreakToReanchor)
            {
                quality.Drift++;
                return false;
            }
        }
        chain.DriftStreak = 0;
        chain.RefTime = fix.Time;
        chain.RefLatitude = fix.LatitudeE6;
        chain.RefLongitude = fix.LongitudeE6;
        quality.Valid++;
        return true;
    }

    bool IsDrift(long time, int latitudeE6, int longitudeE6, in Fix fix)
    {
        var seconds = Math.Abs(fix.Time - time);
        // |Δlat| + |Δlon| in degrees of latitude is never less than the distance: most fixes pass without cos and sqrt.
        var manhattanE6 = Math.Abs((long)fix.LatitudeE6 - latitudeE6) + Math.Abs((long)fix.LongitudeE6 - longitudeE6);
        if (manhattanE6 * MetresPerDegreeE6 * 3.6 <= (double)_driftKmh * seconds)
        {
            return false;
        }
        var metres = GeoDistance.Metres(latitudeE6, longitudeE6, fix.LatitudeE6, fix.LongitudeE6);
        // metres/seconds × 3.6 > bound, without dividing by a zero interval.
        return metres * 3.6 > (double)_driftKmh * seconds;
    }

    /// <summary>One episode per alarm bit: opened when the bit rises, closed when it falls, never one per packet.</summary>
    void TerminalAlarms(int v, ref ChainState chain, in Fix fix, uint mask, int slot, bool late, EpisodeBuffer events)
    {
        var bits = fix.Alarms & mask;
        var changed = bits ^ chain.AlarmBits;
        if (changed == 0)
        {
            return;
        }
        var starts = _alarmStarts.AsSpan(v * AlarmSlots + slot, 32);
        while (changed != 0)
        {
            var bit = BitOperations.TrailingZeroCount(changed);
            changed &= changed - 1;
            var severity = TerminalAlarmNames.SeverityOf(bit);
            if ((bits & (1u << bit)) != 0)
            {
                starts[bit] = fix.Time;
                events.Add(new EpisodeEvent(EpisodeTransition.Opened, RuleKind.TerminalAlarm, severity, v, fix.Time, 0, 0, 0, bit, late, 0));
            }
            else
            {
                events.Add(new EpisodeEvent(EpisodeTransition.Closed, RuleKind.TerminalAlarm, severity, v, starts[bit], fix.Time, 0, 0, bit, late, 0));
            }
        }
        chain.AlarmBits = bits;
    }

    void Speed(int v, ref ChainState chain, VehicleRules vehicleRules, ClassRules rules, in Fix fix, int secondOfDay, bool late, EpisodeBuffer events)
    {
        var time = fix.Time;
        var limit = Math.Min(vehicleRules.DayLimit10, _zones.Limit10At(fix.LatitudeE6, fix.LongitudeE6));
        var night = rules.NightFactorPermille < 1000 && rules.IsNight(secondOfDay);
        if (night && limit != int.MaxValue)
        {
            limit = (int)((long)limit * rules.NightFactorPermille / 1000);
        }
        var over = fix.Speed10 > limit;
        var severity = over ? rules.OverspeedSeverity(fix.Speed10, limit) : Severity.L1;
        var score = over ? (int)Math.Min((long)(fix.Speed10 - limit) * 100_000 / limit, int.MaxValue) : 0;
        chain.Overspeed.Observe(time, over, night ? RuleKind.NightOverspeed : RuleKind.Overspeed, severity, score, fix.Speed10, limit,
            rules.OverspeedMin, rules.OverspeedMerge, _maxGap, v, late, events);
        if (vehicleRules.NightBan)
        {
            var moving = fix.Speed10 > _moving10 && rules.IsNightBanTime(secondOfDay);
            chain.NightBan.Observe(time, moving, RuleKind.NightBan, Severity.L1, fix.Speed10, fix.Speed10, 0,
                rules.NightBanMin, rules.NightBanMerge, _maxGap, v, late, events);
        }
    }
}

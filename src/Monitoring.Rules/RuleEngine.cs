using Monitoring.Rules.Internal;

namespace Monitoring.Rules;

/// <summary>
/// Evaluates the 两客一危 rules over a stream of fixes and reports episodes as transitions
/// (opened, escalated, closed). Pure: time comes only from the fixes and from <see cref="AdvanceClock"/>.
/// Not thread-safe: one engine per partition of vehicles.
/// </summary>
/// <remarks>
/// Each vehicle's fixes wait in a small reorder buffer until the vehicle's newest fix is
/// <see cref="RuleProfile.ReorderWindowSeconds"/> ahead, then run through the rules in device-time
/// order. A fix older than what has already been evaluated is late: it fills fatigue driving time
/// and data-quality counts, and whatever it opens is marked <see cref="EpisodeEvent.Late"/>.
/// </remarks>
public sealed partial class RuleEngine
{
    /// <summary>Reorder buffer slots per vehicle: the 120 s window at one fix every 4 s. When full, the oldest fix is evaluated early.</summary>
    public const int PendingCapacity = 32;
    const int PendingMask = PendingCapacity - 1;

    const int GapSlots = 4;
    const int BucketSeconds = 300;
    const int BucketCount = 24 * 3600 / BucketSeconds;
    const int AlarmSlots = 64;
    const int BackfillAlarmSlot = 32;

    readonly ClassRules[] _classes;
    readonly VehicleRules[] _vehicleRules;
    readonly SpeedZoneIndex _zones;
    readonly VehicleState[] _states;
    readonly ChainState[] _backfill;
    readonly Fix[] _pending;
    readonly FatigueGap[] _gaps;
    readonly ushort[] _buckets;
    readonly long[] _alarmStarts;
    readonly int _reorder;
    readonly int _moving10;
    readonly int _maxValid10;
    readonly int _driftKmh;
    readonly int _maxGap;
    readonly int _futureTolerance;
    readonly int _backfillIdle;
    readonly RuleProfile _profile;
    readonly IReadOnlyList<Vehicle> _vehicles;
    long _clock = Time.None;

    public RuleEngine(RuleProfile profile, IReadOnlyList<Vehicle> vehicles, SpeedZoneIndex? zones = null)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(vehicles);
        _profile = profile;
        _vehicles = vehicles;
        _classes = new ClassRules[VehicleClassNames.Count];
        for (var i = 0; i < _classes.Length; i++)
        {
            _classes[i] = new ClassRules(profile.For((VehicleClass)i), (VehicleClass)i);
        }
        var count = vehicles.Count;
        _vehicleRules = new VehicleRules[count];
        for (var v = 0; v < count; v++)
        {
            var classIndex = (int)vehicles[v].Class;
            _vehicleRules[v] = new VehicleRules(vehicles[v], _classes[classIndex], classIndex);
        }
        _zones = zones ?? SpeedZoneIndex.Empty;
        _states = new VehicleState[count];
        _states.AsSpan().Fill(VehicleState.Empty);
        _backfill = new ChainState[count];
        _backfill.AsSpan().Fill(ChainState.Empty);
        _pending = new Fix[count * PendingCapacity];
        _gaps = new FatigueGap[count * GapSlots];
        _buckets = new ushort[count * BucketCount];
        _alarmStarts = new long[count * AlarmSlots];
        _reorder = profile.ReorderWindowSeconds;
        _moving10 = profile.MovingSpeedKmh * 10;
        _maxValid10 = profile.MaxValidSpeedKmh * 10;
        _driftKmh = profile.DriftSpeedKmh;
        _maxGap = profile.MaxDrivingGapSeconds;
        _futureTolerance = profile.FutureToleranceSeconds;
        _backfillIdle = profile.BackfillIdleSeconds;
    }

    public int VehicleCount => _states.Length;

    /// <summary>
    /// An engine for these vehicles and <paramref name="added"/> (numbered after them), carrying over every vehicle's
    /// state and the clock: how a partition takes in vehicles registered while the service runs. This engine is
    /// left as it was; use the new one from now on.
    /// </summary>
    public RuleEngine WithVehicles(IReadOnlyList<Vehicle> added)
    {
        ArgumentNullException.ThrowIfNull(added);
        var grown = new RuleEngine(_profile, [.. _vehicles, .. added], _zones);
        _states.CopyTo(grown._states, 0);
        _backfill.CopyTo(grown._backfill, 0);
        _pending.CopyTo(grown._pending, 0);
        _gaps.CopyTo(grown._gaps, 0);
        _buckets.CopyTo(grown._buckets, 0);
        _alarmStarts.CopyTo(grown._alarmStarts, 0);
        grown._clock = _clock;
        return grown;
    }

    /// <summary>The engine's notion of now (Unix seconds), set only by <see cref="AdvanceClock"/>; <see cref="long.MinValue"/> before the first call.</summary>
    public long Clock => _clock;

    /// <summary>Data-quality counters of one vehicle.</summary>
    public DataQuality QualityOf(int vehicle) => _states[vehicle].Quality.ToDataQuality();

    /// <summary>Feeds fixes in arrival order; events are appended to <paramref name="events"/>.</summary>
    public void Process(ReadOnlySpan<Fix> fixes, EpisodeBuffer events)
    {
        for (var i = 0; i < fixes.Length; i++)
        {
            Process(fixes[i], events);
        }
    }

    public void Process(in Fix fix, EpisodeBuffer events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var v = fix.Vehicle;
        if ((uint)v >= (uint)_states.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(fix), $"vehicle index {v} is not in the engine's list of {_states.Length}");
        }
        ref var s = ref _states[v];
        s.Quality.Fixes++;
        if (_clock != Time.None && fix.Time > _clock + _futureTolerance)
        {
            // A device clock in the future would poison ordering for hours: drop it here (RULES.md §5.2, time ≤ now).
            s.Quality.InvalidFix++;
            return;
        }
        if (s.Newest == Time.None || fix.Time > s.Newest)
        {
            if (s.Newest != Time.None)
            {
                Resume(v, ref s, fix.Time, events);
            }
            s.Newest = fix.Time;
            s.NewestClock = _clock;
            s.NewestActive = fix.AccOn || fix.Speed10 > _moving10;
        }
        if (fix.Time < s.Horizon)
        {
            s.Quality.Late++;
            Backfill(v, ref s, fix, events);
            return;
        }
        if (!Enqueue(v, ref s, fix, events))
        {
            s.Quality.Duplicates++;
            return;
        }
        Release(v, ref s, Math.Max(s.Horizon, s.Newest - _reorder), events);
    }

    /// <summary>
    /// Moves the engine clock forward (it never goes back) and reports what the passing of time alone
    /// decides: vehicles gone offline, reorder buffers of silent vehicles, episodes that no later fix can
    /// extend any more, rests completed while stopped. Call it regularly (e.g. every minute) with the
    /// current time; a replay calls it with the latest device time seen.
    /// </summary>
    public void AdvanceClock(long now, EpisodeBuffer events)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (_clock == Time.None || now > _clock)
        {
            _clock = now;
        }
        for (var v = 0; v < _states.Length; v++)
        {
            ref var s = ref _states[v];
            if (s.Newest == Time.None)
            {
                continue;
            }
            var rules = _classes[_vehicleRules[v].ClassIndex];
            var silence = _clock - Math.Max(s.Newest, s.NewestClock);
            if (!s.OfflineOpen && s.NewestActive && rules.Offline > 0 && silence >= rules.Offline)
            {
                s.OfflineOpen = true;
                s.OfflineStart = s.Newest;
                events.Add(new EpisodeEvent(EpisodeTransition.Opened, RuleKind.Offline, Severity.L1, v, s.Newest, 0, 0, 0, -1, false, 0));
            }
            // A vehicle silent for the whole reorder window will not send anything to sort in any more.
            var silent = silence >= _reorder;
            Release(v, ref s, silent ? s.Newest : s.Horizon, events);
            // Rests, merges and the 24 h window run on while a vehicle is silent; its horizon itself stays put,
            // so a device whose clock runs slow does not see its next fixes turn late.
            CloseByTime(v, ref s, rules, silent ? Math.Max(s.Horizon, _clock - _reorder) : s.Horizon, events);
            ref readonly var backfill = ref _backfill[v];
            if (backfill.HasOpenEpisodes && backfill.TouchedClock != Time.None && _clock - backfill.TouchedClock >= _backfillIdle)
            {
                EndBackfill(v, ref s, events);
            }
        }
    }

    /// <summary>Evaluates every fix still in the reorder buffers (end of a replay); episodes stay open.</summary>
    public void Drain(EpisodeBuffer events)
    {
        ArgumentNullException.ThrowIfNull(events);
        for (var v = 0; v < _states.Length; v++)
        {
            ref var s = ref _states[v];
            if (s.PendingCount > 0)
            {
                Release(v, ref s, s.Newest, events);
            }
        }
    }

    void Resume(int v, ref VehicleState s, long time, EpisodeBuffer events)
    {
        if (s.OfflineOpen)
        {
            s.OfflineOpen = false;
            events.Add(new EpisodeEvent(EpisodeTransition.Closed, RuleKind.Offline, Severity.L1, v, s.OfflineStart, time, 0, 0, -1, false, 0));
            return;
        }
        var offline = _classes[_vehicleRules[v].ClassIndex].Offline;
        if (s.NewestActive && offline > 0 && time - s.Newest >= offline)
        {
            // The silence is seen only now (no clock tick came in between): report it all the same.
            events.Add(new EpisodeEvent(EpisodeTransition.Opened, RuleKind.Offline, Severity.L1, v, s.Newest, 0, 0, 0, -1, false, 0));
            events.Add(new EpisodeEvent(EpisodeTransition.Closed, RuleKind.Offline, Severity.L1, v, s.Newest, time, 0, 0, -1, false, 0));
        }
    }

    /// <summary>Puts a fix into the vehicle's circular reorder buffer in time order; false for a duplicate.</summary>
    bool Enqueue(int v, ref VehicleState s, in Fix fix, EpisodeBuffer events)
    {
        ref readonly var last = ref s.Live;
        if (last.LastTime == fix.Time && last.LastLatitude == fix.LatitudeE6 && last.LastLongitude == fix.LongitudeE6)
        {
            return false;
        }
        var pending = _pending.AsSpan(v * PendingCapacity, PendingCapacity);
        // Usually in order: the new fix goes to the tail after one comparison.
        var at = s.PendingCount;
        for (var i = s.PendingCount - 1; i >= 0; i--)
        {
            ref readonly var p = ref pending[(s.PendingHead + i) & PendingMask];
            if (p.Time < fix.Time)
            {
                break;
            }
            if (p.IsSameReportAs(fix))
            {
                return false;
            }
            if (p.Time > fix.Time)
            {
                at = i;
            }
        }
        if (s.PendingCount == PendingCapacity)
        {
            if (at == 0)
            {
                // Older than everything waiting: evaluate it now, the buffer order stays intact.
                EvaluateLive(v, ref s, fix, events);
                s.Horizon = Math.Max(s.Horizon, fix.Time);
                return true;
            }
            ReleaseHead(v, ref s, pending, events);
            at--;
        }
        for (var i = s.PendingCount; i > at; i--)
        {
            pending[(s.PendingHead + i) & PendingMask] = pending[(s.PendingHead + i - 1) & PendingMask];
        }
        pending[(s.PendingHead + at) & PendingMask] = fix;
        s.PendingCount++;
        return true;
    }

    /// <summary>Evaluates the waiting fixes at or before <paramref name="horizon"/>; later fixes before it are late.</summary>
    void Release(int v, ref VehicleState s, long horizon, EpisodeBuffer events)
    {
        var pending = _pending.AsSpan(v * PendingCapacity, PendingCapacity);
        while (s.PendingCount > 0 && pending[s.PendingHead].Time <= horizon)
        {
            ReleaseHead(v, ref s, pending, events);
        }
        if (horizon > s.Horizon)
        {
            s.Horizon = horizon;
        }
    }

    void ReleaseHead(int v, ref VehicleState s, Span<Fix> pending, EpisodeBuffer events)
    {
        ref readonly var fix = ref pending[s.PendingHead];
        s.PendingHead = (s.PendingHead + 1) & PendingMask;
        s.PendingCount--;
        if (fix.Time > s.Horizon)
        {
            s.Horizon = fix.Time;
        }
        EvaluateLive(v, ref s, fix, events);
    }
}

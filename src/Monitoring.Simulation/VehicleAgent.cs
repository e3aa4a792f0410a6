using Monitoring.Protocol;
using Monitoring.Protocol.Bodies;

namespace Monitoring.Simulation;

/// <summary>
/// One simulated vehicle and its terminal. It drives between county seats in shifts of legs and rests chosen so
/// that normal days break no rule (day speed at most 93 % of the limit, at night 93 % of the night limit; legs of
/// at most 75 minutes with rests of 25 minutes or more; at most 7 hours of driving in any 24; parked from 01:30
/// to 05:30), and on scenario days it breaks exactly one, recording the ground truth from the fixes it sends.
/// </summary>
sealed class VehicleAgent
{
    static readonly TimeSpan Beijing = TimeSpan.FromHours(8);
    const double MovingKmh = 5;

    readonly FleetVehicle _vehicle;
    readonly SimulationOptions _options;
    readonly IReadOnlyList<CountySeat> _seats;
    readonly List<ActedEpisode> _truth;
    readonly Random _random;
    readonly TerminalFrames _frames;
    readonly int _reportSeconds;
    readonly Queue<(DateTimeOffset Start, DateTimeOffset End)> _spells = new();
    readonly List<(LocationBasic Basic, uint Odometer)> _blind = [];

    double _lat;
    double _lon;
    int _target;
    bool _driving;
    double _speedKmh;
    DateTimeOffset _last;
    DateTimeOffset _parkedUntil;
    DateTimeOffset _lastPosition;
    double _legSeconds;
    double _legLimitSeconds;
    double _shiftSeconds;
    double _shiftCapSeconds;
    DateTimeOffset _shiftStart;
    DateOnly _planDay;
    uint _odometer;
    bool _authenticated;
    DateTimeOffset _silentUntil;
    bool _silenceIsScenario;
    DateTimeOffset _lastSentFix;

    // Scenario of the day and its progress.
    ScenarioKind _scenario;
    DateTimeOffset? _actStart;
    DateTimeOffset? _actEnd;
    DateTimeOffset _actUntil;
    double _actMaxSpeed;
    bool _actDone;
    DateTimeOffset _spellStart;
    TimeSpan _actNotBefore;

    public VehicleAgent(FleetVehicle vehicle, SimulationOptions options, IReadOnlyList<CountySeat> seats, List<ActedEpisode> truth)
    {
        _vehicle = vehicle;
        _options = options;
        _seats = seats;
        _truth = truth;
        // Not HashCode.Combine: it is seeded per process, and the same seed must give the same fleet in every run.
        _random = new Random(unchecked((options.Seed * 1_000_003) ^ (vehicle.Index * 7_919 + 17)));
        _frames = new TerminalFrames(vehicle);
        _reportSeconds = _random.Next(options.MinReportSeconds, options.MaxReportSeconds + 1);
        var home = seats.FirstOrDefault(s => s.Code == vehicle.CountyCode) ?? seats[0];
        _lat = home.Latitude + (_random.NextDouble() - 0.5) * 0.01;
        _lon = home.Longitude + (_random.NextDouble() - 0.5) * 0.01;
        _target = PickTarget();
        _last = options.Start;
        _parkedUntil = options.Start;
        _lastPosition = DateTimeOffset.MinValue;
        _odometer = (uint)_random.Next(100_000, 5_000_000);
    }

    public FleetVehicle Vehicle => _vehicle;

    /// <summary>First tick: spread over the first report interval so that terminals do not all speak at once.</summary>
    public DateTimeOffset FirstTick => _options.Start.AddSeconds(_random.Next(0, _reportSeconds));

    /// <summary>Advances to <paramref name="now"/>, sends what the terminal sends then, and returns the next tick.</summary>
    public DateTimeOffset Tick(DateTimeOffset now, List<Transmission> output)
    {
        var local = now.ToOffset(Beijing);
        if (DateOnly.FromDateTime(local.DateTime) != _planDay)
        {
            PlanDay(DateOnly.FromDateTime(local.DateTime));
        }

        Advance(now);
        Decide(now, local);
        double speed = _driving ? ChooseSpeed(now, local) : 0;
        _speedKmh = speed;
        uint alarm = AlarmBits(now);
        var (lat, lon) = (_lat, _lon);
        if (_scenario == ScenarioKind.Drift && !_actDone && _driving && IsDay(local) && local.TimeOfDay >= _actNotBefore && _legSeconds > 300)
        {
            lat += 0.05;
            _actDone = true;
            Record("drift", now, null, null, null, null, "one fix displaced 0.05° north");
        }

        var status = StatusBits.Positioned | (_driving ? StatusBits.AccOn : 0);
        ushort direction = (ushort)GeoMath.BearingDegrees(_lat, _lon, _seats[_target].Latitude, _seats[_target].Longitude);
        var basic = LocationBasic.Create(alarm, status, lat, lon, (short)(180 + _random.Next(0, 40)), speed, direction, Jt808Time.FromInstant(now));

        if (now < _silentUntil)
        {
            _blind.Add((basic, _odometer));
        }
        else
        {
            Send(now, basic, output);
        }

        _last = now;
        return now.AddSeconds(_driving || now < _silentUntil ? _reportSeconds : 60);
    }

    void Send(DateTimeOffset now, in LocationBasic basic, List<Transmission> output)
    {
        var payload = new List<byte>();
        if (!_authenticated)
        {
            payload.AddRange(_frames.Authentication());
            _authenticated = true;
        }

        int positions = 0;
        bool parked = !_driving && _speedKmh == 0;
        if (!parked || now - _lastPosition >= TimeSpan.FromSeconds(180) || _blind.Count > 0)
        {
            payload.AddRange(_frames.Location(basic, _odometer));
            _lastPosition = now;
            _lastSentFix = now;
            positions++;
        }
        else
        {
            payload.AddRange(_frames.Heartbeat());
        }

        if (_blind.Count > 0)
        {
            payload.AddRange(_frames.Backfill(_blind));
            positions += _blind.Count;
            _blind.Clear();
            if (_silenceIsScenario)
            {
                _silenceIsScenario = false;
                Record("offline", _actStart!.Value, now, null, null, null, "silent 25 min while driving, then a 0x0704 blind-area back-fill");
                _actDone = true;
            }
        }

        output.Add(new Transmission(now, _vehicle, [.. payload], positions));
    }

    void Advance(DateTimeOffset now)
    {
        double dt = (now - _last).TotalSeconds;
        if (dt <= 0 || !_driving)
        {
            return;
        }

        double km = _speedKmh * dt / 3600;
        var seat = _seats[_target];
        var (lat, lon, arrived) = GeoMath.MoveTowards(_lat, _lon, seat.Latitude, seat.Longitude, km);
        _lat = lat;
        _lon = lon;
        _odometer += (uint)Math.Round(km * 10);
        if (_speedKmh > MovingKmh)
        {
            _spells.Enqueue((_last, now));
            _legSeconds += dt;
            _shiftSeconds += dt;
        }

        if (arrived)
        {
            _target = PickTarget();
        }
    }

    void Decide(DateTimeOffset now, DateTimeOffset local)
    {
        bool nightPark = _scenario != ScenarioKind.NightBan && local.TimeOfDay >= TimeSpan.FromHours(1.5) && local.TimeOfDay < TimeSpan.FromHours(5.5);
        if (_driving)
        {
            bool actInProgress = !_actDone && _actStart is not null && _scenario is ScenarioKind.Overspeed or ScenarioKind.NightOverspeed or ScenarioKind.EmergencyAlarm;
            if (actInProgress || now < _silentUntil)
            {
                return;
            }

            if (_legSeconds >= _legLimitSeconds || _shiftSeconds >= _shiftCapSeconds || nightPark)
            {
                Park(now, local, nightPark);
            }

            return;
        }

        if (now < _parkedUntil || now < _shiftStart || _shiftSeconds >= _shiftCapSeconds || nightPark)
        {
            return;
        }

        double budget = _scenario is ScenarioKind.FatigueCumulative ? double.MaxValue : 7 * 3600;
        if (RollingSeconds(now) + _legLimitSeconds > budget)
        {
            return;
        }

        if (_scenario == ScenarioKind.FatigueContinuous && !_actDone && _actStart is null)
        {
            // Start the long spell only if it ends before 22:00 and the last 24 h leave room under 8 h in all.
            if (local.TimeOfDay > TimeSpan.FromHours(17.5) || RollingSeconds(now) > 3 * 3600)
            {
                return;
            }

            _legLimitSeconds = 4.25 * 3600;
            _shiftCapSeconds = _shiftSeconds + 5 * 3600;
        }

        _driving = true;
        _legSeconds = 0;
        _spellStart = now;
    }

    void Park(DateTimeOffset now, DateTimeOffset local, bool nightPark)
    {
        _driving = false;
        if (_scenario == ScenarioKind.FatigueContinuous && _actStart is not null && _actEnd is null)
        {
            _actEnd = now;
            _actDone = true;
            Record("fatigue_continuous", _actStart.Value, now, null, null, null,
                $"continuous driving from {_spellStart.ToOffset(Beijing):HH:mm:ss}; the start is the pre-warning (3 h 30 min), the limit (4 h) 30 minutes later, the rest begins at the end");
        }

        if (_scenario == ScenarioKind.NightBan && _actStart is not null && !_actDone)
        {
            _actDone = true;
            Record("night_ban", _actStart.Value, _actEnd, null, null, null, "long-distance passenger vehicle moving between 02:00 and 05:00; start and end are its first and last moving fixes there");
        }

        _legSeconds = 0;
        _legLimitSeconds = _random.Next(50, 76) * 60;
        if (nightPark)
        {
            _parkedUntil = new DateTimeOffset(local.Date.Add(TimeSpan.FromHours(5.5)), Beijing);
        }
        else
        {
            _parkedUntil = now.AddMinutes(_random.Next(25, 41));
        }
    }

    double ChooseSpeed(DateTimeOffset now, DateTimeOffset local)
    {
        double limit = _vehicle.Class == "hazmat" ? Math.Min(_vehicle.SpeedLimitKmh, 80) : _vehicle.SpeedLimitKmh;
        bool night = _vehicle.IsPassenger && IsNight(local);
        double effective = night ? limit * 0.8 : limit;
        double cruise = effective * (0.80 + _random.NextDouble() * 0.08) + (_random.NextDouble() - 0.5) * 4;
        cruise = Math.Min(cruise, effective * 0.93);

        switch (_scenario)
        {
            case ScenarioKind.Overspeed when IsDay(local) && !_actDone && local.TimeOfDay >= _actNotBefore && _legSeconds >= 300:
                return Act(now, 3, limit, limit * (1.14 + _random.NextDouble() * 0.02), "overspeed", "3 min at about 115 % of the limit");
            case ScenarioKind.NightOverspeed when night && !_actDone && local.TimeOfDay >= TimeSpan.FromHours(22.5) && _legSeconds >= 180:
                return Act(now, 4, effective, limit * (0.915 + _random.NextDouble() * 0.01), "night_overspeed", "4 min at about 92 % of the day limit, night limit 80 %");
            case ScenarioKind.NightBan:
                double nightBanSpeed = limit * 0.6;
                if (local.TimeOfDay >= TimeSpan.FromHours(2) && local.TimeOfDay < TimeSpan.FromHours(5))
                {
                    _actStart ??= now;
                    _actEnd = now;
                }

                return nightBanSpeed;
            // The episode opens with the pre-warning, 30 minutes before the 4-hour limit (RULES.md §12), and
            // escalates at the limit; the ground truth gives the opening.
            case ScenarioKind.FatigueContinuous when _legLimitSeconds > 4 * 3600 && _actStart is null && _legSeconds >= 3.5 * 3600:
                _actStart = now;
                break;
            case ScenarioKind.FatigueCumulative when _actStart is null && RollingSeconds(now) > 8 * 3600:
                _actStart = now;
                _actDone = true;
                Record("fatigue_cumulative", now, null, null, null, null, "more than 8 h of driving within 24 h");
                break;
            case ScenarioKind.Offline when IsDay(local) && !_actDone && _actStart is null && local.TimeOfDay >= _actNotBefore && _legSeconds >= 300 && _legLimitSeconds - _legSeconds > 30 * 60:
                _actStart = _lastSentFix;
                _silentUntil = now.AddMinutes(25);
                _silenceIsScenario = true;
                break;
            case ScenarioKind.EmergencyAlarm when IsDay(local) && !_actDone && _actStart is null && local.TimeOfDay >= _actNotBefore && _legSeconds >= 300:
                _actStart = now;
                _actUntil = now.AddMinutes(2);
                break;
            default:
                break;
        }

        bool acting = _actStart is not null && !_actDone;
        if (!acting && _scenario != ScenarioKind.Offline && _silentUntil <= now && _legSeconds >= 120 && _random.NextDouble() < _options.BlindSpotRate * _reportSeconds / 3600)
        {
            // A tunnel: a few minutes without signal, then a back-fill (not an offline episode: under 20 minutes).
            _silentUntil = now.AddMinutes(_random.Next(2, 5));
        }

        return Math.Max(cruise, MovingKmh + 10);
    }

    double Act(DateTimeOffset now, int minutes, double limit, double speed, string rule, string note)
    {
        if (_actStart is null)
        {
            _actStart = now;
            _actUntil = now.AddMinutes(minutes);
        }

        if (now >= _actUntil)
        {
            _actDone = true;
            double excess = _actMaxSpeed / limit - 1;
            string severity = excess < 0.10 ? "L1" : excess < 0.20 ? "L2" : excess < 0.50 ? "L3" : "L4";
            Record(rule, _actStart.Value, _actEnd, severity, (int)Math.Round(limit), Math.Round(_actMaxSpeed, 1), note);
            return limit * 0.85;
        }

        double reported = Math.Round(speed, 1);
        _actEnd = now;
        _actMaxSpeed = Math.Max(_actMaxSpeed, reported);
        return reported;
    }

    uint AlarmBits(DateTimeOffset now)
    {
        if (_scenario != ScenarioKind.EmergencyAlarm || _actStart is null || _actDone)
        {
            return 0;
        }

        if (now < _actUntil)
        {
            return Protocol.Bodies.AlarmBits.Emergency;
        }

        _actDone = true;
        Record("terminal_alarm", _actStart.Value, now, null, null, null, "emergency alarm (bit 0) held for 2 min; end is the first fix without it");
        return 0;
    }

    void PlanDay(DateOnly day)
    {
        bool firstDay = _planDay == default;
        _planDay = day;
        _scenario = ScenarioKind.None;
        _actStart = null;
        _actEnd = null;
        _actDone = false;
        _actMaxSpeed = 0;

        if (firstDay && _options.Scenarios.TryGetValue(_vehicle.Index, out var forced))
        {
            _scenario = forced.AppliesTo(_vehicle) ? forced : ScenarioKind.None;
        }
        else if (!firstDay || _options.Scenarios.Count == 0)
        {
            if (_random.NextDouble() < _options.EpisodeRate)
            {
                var kind = (ScenarioKind)_random.Next(1, 9);
                _scenario = kind.AppliesTo(_vehicle) ? kind : ScenarioKind.Overspeed;
            }
        }

        var midnight = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), Beijing);
        _shiftSeconds = 0;
        _legLimitSeconds = _random.Next(50, 76) * 60;
        (_shiftStart, _shiftCapSeconds) = _scenario switch
        {
            ScenarioKind.NightOverspeed => (midnight.AddHours(21.5), 2.5 * 3600),
            ScenarioKind.NightBan => (midnight.AddHours(1).AddMinutes(55), 30 * 60),
            ScenarioKind.FatigueContinuous => (midnight.AddHours(7).AddMinutes(_random.Next(0, 90)), 5.5 * 3600),
            ScenarioKind.FatigueCumulative => (midnight.AddHours(5.75), 8.5 * 3600),
            _ => (midnight.AddHours(6).AddMinutes(_random.Next(0, 300)), _random.Next(210, 301) * 60),
        };
        if (_scenario == ScenarioKind.FatigueCumulative)
        {
            _legLimitSeconds = 75 * 60;
        }

        // Daytime acts start somewhere in the first hours of the shift (from 09:00), not all at the first chance.
        var shiftLocal = _shiftStart.ToOffset(Beijing).TimeOfDay + TimeSpan.FromMinutes(30);
        _actNotBefore = (shiftLocal > TimeSpan.FromHours(9) ? shiftLocal : TimeSpan.FromHours(9)) + TimeSpan.FromMinutes(_random.Next(0, 90));

        if (_scenario == ScenarioKind.NightBan)
        {
            _parkedUntil = _shiftStart;
            _driving = false;
        }
    }

    void Record(string rule, DateTimeOffset start, DateTimeOffset? end, string? severity, int? limit, double? maxSpeed, string note) =>
        _truth.Add(new ActedEpisode(_vehicle.Id, rule, start, end, severity, limit, maxSpeed, note));

    /// <summary>Seconds of driving in the 24 hours before <paramref name="now"/>.</summary>
    double RollingSeconds(DateTimeOffset now)
    {
        var from = now.AddHours(-24);
        while (_spells.Count > 0 && _spells.Peek().End <= from)
        {
            _spells.Dequeue();
        }

        double total = 0;
        foreach (var (start, end) in _spells)
        {
            total += (end - (start < from ? from : start)).TotalSeconds;
        }

        return total;
    }

    int PickTarget()
    {
        int current = -1;
        double best = double.MaxValue;
        for (int i = 0; i < _seats.Count; i++)
        {
            double d = GeoMath.DistanceKm(_lat, _lon, _seats[i].Latitude, _seats[i].Longitude);
            if (d < best)
            {
                best = d;
                current = i;
            }
        }

        int next;
        do
        {
            next = _random.Next(_seats.Count);
        }
        while (next == current && _seats.Count > 1);
        return next;
    }

    static bool IsNight(DateTimeOffset local) => local.TimeOfDay >= TimeSpan.FromHours(22) || local.TimeOfDay < TimeSpan.FromHours(6);

    static bool IsDay(DateTimeOffset local) => local.TimeOfDay >= TimeSpan.FromHours(8) && local.TimeOfDay < TimeSpan.FromHours(20);
}

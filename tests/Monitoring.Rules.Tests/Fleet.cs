namespace Monitoring.Rules.Tests;

/// <summary>
/// Drives a small fleet through an engine: keeps each vehicle's position moving consistently with its
/// speed (so no fix looks like drift), collects every event, and finishes like a replay does.
/// </summary>
sealed class Fleet
{
    /// <summary>2026-03-02 00:00 Asia/Shanghai, as Unix seconds.</summary>
    public static readonly long Day = new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.FromHours(8)).ToUnixTimeSeconds();

    readonly EpisodeBuffer _buffer = new();
    readonly double[] _latitude;
    readonly long[] _lastTime;

    public Fleet(params Vehicle[] vehicles) : this(RuleProfile.Default, null, vehicles)
    {
    }

    public Fleet(RuleProfile profile, SpeedZoneIndex? zones, params Vehicle[] vehicles)
    {
        Engine = new RuleEngine(profile, vehicles, zones);
        _latitude = new double[vehicles.Length];
        _lastTime = new long[vehicles.Length];
        Array.Fill(_latitude, 27.55);
    }

    public RuleEngine Engine { get; }

    public List<EpisodeEvent> Events { get; } = [];

    public const int Longitude = 110_000_000;

    public static long At(int hour, int minute, int second = 0) => Day + hour * 3600 + minute * 60 + second;

    public static Vehicle Coach(string id = "V1", bool longDistance = true, int limit = 100) =>
        new(id, "湘N" + id, VehicleClass.LineCoach, longDistance, limit, "C1", "鹤城区");

    public static Vehicle Hazmat(string id = "H1", int limit = 100) =>
        new(id, "湘N" + id, VehicleClass.Hazmat, false, limit, "C2", "洪江市");

    /// <summary>A fix at the vehicle's current position, moved on by the distance driven since its last fix.</summary>
    public Fix Next(int vehicle, long time, double kmh, bool acc = true, bool valid = true, uint alarms = 0)
    {
        if (_lastTime[vehicle] != 0 && time > _lastTime[vehicle])
        {
            _latitude[vehicle] += kmh / 3.6 * (time - _lastTime[vehicle]) / 111_195.0;
        }
        _lastTime[vehicle] = Math.Max(_lastTime[vehicle], time);
        return new Fix(vehicle, time, (int)Math.Round(_latitude[vehicle] * 1e6), Longitude, (int)Math.Round(kmh * 10), 0, acc, valid, alarms);
    }

    public void Send(in Fix fix)
    {
        Engine.Process(fix, _buffer);
        Collect();
    }

    public void Send(int vehicle, long time, double kmh, bool acc = true, bool valid = true, uint alarms = 0) =>
        Send(Next(vehicle, time, kmh, acc, valid, alarms));

    /// <summary>Fixes every <paramref name="step"/> seconds in [from, to) at a constant speed.</summary>
    public void Drive(int vehicle, long from, long to, double kmh, int step = 10, uint alarms = 0)
    {
        for (var t = from; t < to; t += step)
        {
            Send(vehicle, t, kmh, alarms: alarms);
        }
    }

    /// <summary>Standing still (speed 0, ACC on) with fixes every <paramref name="step"/> seconds in [from, to).</summary>
    public void Stop(int vehicle, long from, long to, int step = 60, bool acc = true)
    {
        for (var t = from; t < to; t += step)
        {
            Send(vehicle, t, 0, acc);
        }
    }

    public void Tick(long now)
    {
        Engine.AdvanceClock(now, _buffer);
        Collect();
    }

    /// <summary>End of input, as the replay does it: evaluate what waits, then let the clock decide.</summary>
    public void Finish(long now)
    {
        Engine.Drain(_buffer);
        Collect();
        Tick(now);
    }

    public List<EpisodeEvent> Of(RuleKind rule) => Events.FindAll(e => e.Rule == rule);

    public List<EpisodeEvent> Opened(RuleKind rule) => Events.FindAll(e => e.Rule == rule && e.Transition == EpisodeTransition.Opened);

    void Collect()
    {
        Events.AddRange(_buffer.Events);
        _buffer.Clear();
    }
}

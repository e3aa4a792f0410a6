using BenchmarkDotNet.Attributes;
using Monitoring.Rules;
using NetTopologySuite.Geometries;

namespace Monitoring.Benchmarks;

/// <summary>
/// The rule engine on the hot path, all rules on: 10,000 vehicles of every class (a third long-distance),
/// 1,000 speed zones over their area, one fix per vehicle per invocation (10 s of device time), a clock
/// tick every simulated minute. Vehicles cruise 40-95 km/h with speeding bursts, stops, rests, and an
/// alarm bit now and then; the simulation starts at 21:50 and runs through days and nights as BenchmarkDotNet
/// iterates. Making the fixes (a few multiplications per vehicle) is inside the measured time.
/// </summary>
[MemoryDiagnoser]
public class RuleEngineBenchmarks
{
    const int Vehicles = 10_000;
    const int Zones = 1_000;
    const int Step = 10;

    RuleEngine _engine = null!;
    readonly EpisodeBuffer _events = new(1 << 16);
    readonly double[] _latitude = new double[Vehicles];
    readonly int[] _longitude = new int[Vehicles];
    readonly int[] _phase = new int[Vehicles];
    long _time;
    long _nextTick;
    long _episodeEvents;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(2026);
        var vehicles = new Vehicle[Vehicles];
        for (var i = 0; i < Vehicles; i++)
        {
            var vehicleClass = (VehicleClass)(i % VehicleClassNames.Count);
            vehicles[i] = new Vehicle($"V{i}", $"湘N{i:D5}", vehicleClass, i % 3 == 0, i % 4 == 0 ? 80 : 100, $"C{i % 50}", $"K{i % 13}");
            _latitude[i] = 26.0 + random.NextDouble() * 3;
            _longitude[i] = (int)((109.0 + random.NextDouble() * 2) * 1e6);
            _phase[i] = random.Next(0, 3600);
        }
        var factory = new GeometryFactory();
        var zones = new SpeedZone[Zones];
        for (var i = 0; i < Zones; i++)
        {
            double x = 109.0 + random.NextDouble() * 2, y = 26.0 + random.NextDouble() * 3, w = 0.02 + random.NextDouble() * 0.08;
            zones[i] = i % 4 == 0
                ? SpeedZone.FromGeometry($"road{i}", factory.CreateLineString([new(x, y), new(x + w, y + w), new(x + 2 * w, y)]), 60 + i % 5 * 10, 30)
                : SpeedZone.FromGeometry($"area{i}", factory.CreatePolygon([new(x, y), new(x + w, y), new(x + w, y + w), new(x, y + w), new(x, y)]), 40 + i % 6 * 10, 0);
        }
        _engine = new RuleEngine(RuleProfile.Default, vehicles, new SpeedZoneIndex(zones));
        _time = new DateTimeOffset(2026, 3, 2, 21, 50, 0, TimeSpan.FromHours(8)).ToUnixTimeSeconds();
        _nextTick = _time;
        // Warm the state up: every vehicle has history, reorder buffers are full, windows are running.
        for (var i = 0; i < 60; i++)
        {
            Round();
        }
    }

    /// <summary>One fix for each of the 10,000 vehicles; the figure is per fix.</summary>
    [Benchmark(OperationsPerInvoke = Vehicles)]
    public long Process_one_fix_per_vehicle()
    {
        Round();
        return _episodeEvents;
    }

    void Round()
    {
        var time = _time;
        for (var v = 0; v < Vehicles; v++)
        {
            // A 2-hour cycle per vehicle: 100 min driving with a speeding minute every 20 min, then a 20 min rest.
            var cycle = (int)((time + _phase[v]) % 7200);
            var kmh = cycle >= 6000 ? 0 : cycle % 1200 < 60 ? 110 + v % 30 : 40 + (v * 7 + cycle / 600) % 56;
            // North for an hour, then south: vehicles stay in their area.
            var north = (time + _phase[v]) / 3600 % 2 == 0;
            _latitude[v] += (north ? 1 : -1) * kmh / 3.6 * Step / 111_195.0;
            var alarms = cycle is >= 3000 and < 3060 ? 1u : 0u;
            _engine.Process(new Fix(v, time, (int)(_latitude[v] * 1e6), _longitude[v], kmh * 10, north ? 0 : 180, true, true, alarms), _events);
        }
        if (time >= _nextTick)
        {
            _engine.AdvanceClock(time, _events);
            _nextTick += 60;
        }
        _episodeEvents += _events.Count;
        _events.Clear();
        _time += Step;
    }
}

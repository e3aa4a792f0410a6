using NetTopologySuite.Geometries;

namespace Monitoring.Rules.Tests;

public sealed class AllocationTests
{
    [Fact]
    public void A_warmed_up_fleet_allocates_nothing_over_100_000_fixes()
    {
        var random = new Random(42);
        var vehicles = RandomFleet.Vehicles(random, 1000);
        var factory = new GeometryFactory();
        var zones = new List<SpeedZone>();
        for (var i = 0; i < 200; i++)
        {
            double x = 109.95 + random.NextDouble() * 0.1, y = 27.0 + random.NextDouble() * 1.5;
            zones.Add(SpeedZone.FromGeometry($"z{i}", factory.CreatePolygon([new(x, y), new(x + 0.05, y), new(x + 0.05, y + 0.05), new(x, y + 0.05), new(x, y)]), 40 + random.Next(8) * 10, 0));
        }
        var engine = new RuleEngine(RuleProfile.Default, vehicles, new SpeedZoneIndex(zones));
        var inputs = RandomFleet.Inputs(random, vehicles.Length, Fleet.At(20, 0), Fleet.At(23, 0)).ToArray();
        var buffer = new EpisodeBuffer(1 << 16);

        var warmUp = inputs.Length - 100_000 - 2000;
        Assert.True(warmUp > 200_000, $"only {inputs.Length} inputs");
        Feed(engine, inputs.AsSpan(0, warmUp), buffer);

        var measured = inputs.AsSpan(warmUp, 100_000 + 2000);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var events = Feed(engine, measured, buffer);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(events > 0);
        Assert.Equal(0, allocated);
    }

    static int Feed(RuleEngine engine, ReadOnlySpan<Input> inputs, EpisodeBuffer buffer)
    {
        var events = 0;
        foreach (ref readonly var input in inputs)
        {
            if (input.IsTick)
            {
                engine.AdvanceClock(input.Tick, buffer);
                events += buffer.Count;
                buffer.Clear();
            }
            else
            {
                engine.Process(input.Fix, buffer);
            }
        }
        events += buffer.Count;
        buffer.Clear();
        return events;
    }
}

namespace Monitoring.Rules.Tests;

/// <summary>Vehicles registered while the service runs join their partition's engine without disturbing the others.</summary>
public sealed class VehicleRegistrationTests
{
    static readonly long From = Fleet.At(20, 0);
    static readonly long To = Fleet.At(34, 0);

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    public void Growing_the_engine_midway_changes_no_event_of_the_vehicles_it_had(int seed)
    {
        var random = new Random(seed);
        var vehicles = RandomFleet.Vehicles(random, 8);
        var inputs = RandomFleet.Inputs(random, vehicles.Length, From, To);
        var buffer = new EpisodeBuffer();

        var unchanged = new List<string>();
        var single = new RuleEngine(RuleProfile.Default, vehicles);
        DeterminismTests.Feed(single, inputs, 0, inputs.Count, buffer, unchanged);
        DeterminismTests.End(single, buffer, unchanged);

        var grown = new List<string>();
        var engine = new RuleEngine(RuleProfile.Default, vehicles);
        int half = inputs.Count / 2;
        DeterminismTests.Feed(engine, inputs, 0, half, buffer, grown);
        engine = engine.WithVehicles([new Vehicle("NEW", "湘N99999", VehicleClass.LineCoach, false, 100, "C", "K")]);
        Assert.Equal(vehicles.Length + 1, engine.VehicleCount);
        DeterminismTests.Feed(engine, inputs, half, inputs.Count, buffer, grown);
        DeterminismTests.End(engine, buffer, grown);

        Assert.True(unchanged.Count > 10, "the random fleet must produce episodes, or this test could not fail");
        Assert.Equal(unchanged, grown);
        for (var v = 0; v < vehicles.Length; v++)
        {
            Assert.Equal(single.QualityOf(v), engine.QualityOf(v));
        }
    }

    [Fact]
    public void A_vehicle_added_later_is_evaluated_like_any_other()
    {
        var first = new Vehicle("A", "湘N00001", VehicleClass.LineCoach, false, 100, "C", "K");
        var engine = new RuleEngine(RuleProfile.Default, [first]);
        var buffer = new EpisodeBuffer();
        long t0 = Fleet.At(10, 0);
        engine.AdvanceClock(t0, buffer);
        engine = engine.WithVehicles([new Vehicle("B", "湘N00002", VehicleClass.LineCoach, false, 100, "C", "K")]);
        Assert.Equal(t0, engine.Clock);

        // Vehicle 1 (the new one) at 120 km/h for 5 minutes, then the reorder window passes.
        for (long t = t0; t <= t0 + 300; t += 10)
        {
            engine.Process(new Fix(1, t, 27_550_000, 110_000_000 + (int)(t - t0) * 30, 1200, 90, true, true), buffer);
        }

        engine.AdvanceClock(t0 + 900, buffer);
        Assert.Contains(buffer.Events.ToArray(), e => e.Vehicle == 1 && e.Rule == RuleKind.Overspeed && e.Transition == EpisodeTransition.Opened);
    }
}

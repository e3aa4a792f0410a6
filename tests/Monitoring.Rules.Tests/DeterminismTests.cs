namespace Monitoring.Rules.Tests;

public sealed class DeterminismTests
{
    static readonly long From = Fleet.At(20, 0);
    static readonly long To = Fleet.At(34, 0);

    internal static void Feed(RuleEngine engine, List<Input> inputs, int start, int end, EpisodeBuffer buffer, List<string> events)
    {
        for (var i = start; i < end; i++)
        {
            if (inputs[i].IsTick)
            {
                engine.AdvanceClock(inputs[i].Tick, buffer);
            }
            else
            {
                engine.Process(inputs[i].Fix, buffer);
            }
        }
        events.AddRange(OverspeedRuleTests.Describe(buffer.Events.ToArray()));
        buffer.Clear();
    }

    internal static void End(RuleEngine engine, EpisodeBuffer buffer, List<string> events)
    {
        engine.Drain(buffer);
        engine.AdvanceClock(To + 3600, buffer);
        events.AddRange(OverspeedRuleTests.Describe(buffer.Events.ToArray()));
        buffer.Clear();
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, false)]
    [InlineData(3, false)]
    [InlineData(4, false)]
    [InlineData(5, false)]
    [InlineData(6, true)]
    [InlineData(7, true)]
    [InlineData(8, true)]
    [InlineData(9, true)]
    [InlineData(10, true)]
    public void Batch_splits_and_save_restore_between_batches_change_no_event(int seed, bool perVehicle)
    {
        var random = new Random(seed);
        var vehicles = RandomFleet.Vehicles(random, 8);
        var inputs = RandomFleet.Inputs(random, vehicles.Length, From, To);
        var buffer = new EpisodeBuffer();

        var onePass = new List<string>();
        var single = new RuleEngine(RuleProfile.Default, vehicles);
        Feed(single, inputs, 0, inputs.Count, buffer, onePass);
        End(single, buffer, onePass);

        var split = new List<string>();
        var engine = new RuleEngine(RuleProfile.Default, vehicles);
        var at = 0;
        while (at < inputs.Count)
        {
            var next = Math.Min(inputs.Count, at + random.Next(1, inputs.Count / 5));
            Feed(engine, inputs, at, next, buffer, split);
            at = next;
            var restored = new RuleEngine(RuleProfile.Default, vehicles);
            if (perVehicle)
            {
                // As a partitioned checkpoint does it: each vehicle on its own, plus the clock.
                for (var v = 0; v < vehicles.Length; v++)
                {
                    Assert.True(restored.RestoreVehicle(v, engine.SaveVehicle(v)));
                }
                restored.RestoreClock(engine.Clock);
            }
            else
            {
                Assert.True(restored.Restore(engine.Save()));
            }
            engine = restored;
        }
        End(engine, buffer, split);

        // The random fleet must actually exercise the rules, or this test could not fail.
        var rules = onePass.Select(e => e.Split(' ')[1]).Distinct().ToList();
        Assert.True(rules.Count >= 5, string.Join(", ", rules));
        Assert.Contains(onePass, e => e.Contains(" True ", StringComparison.Ordinal));
        Assert.Equal(onePass, split);
        for (var v = 0; v < vehicles.Length; v++)
        {
            Assert.Equal(single.QualityOf(v), engine.QualityOf(v));
        }
    }

    [Fact]
    public void A_state_of_another_version_is_refused()
    {
        var vehicles = new[] { Fleet.Coach() };
        var engine = new RuleEngine(RuleProfile.Default, vehicles);
        var state = engine.SaveVehicle(0);
        state[0] = RuleEngine.StateVersion + 1;
        Assert.False(engine.RestoreVehicle(0, state));
        Assert.False(engine.RestoreVehicle(0, engine.SaveVehicle(0).AsSpan(0, 10)));
    }
}

namespace Monitoring.Rules.Tests;

public sealed class OverspeedRuleTests
{
    static readonly long T0 = Fleet.At(10, 0);

    static Fleet Burst(int overSeconds, double kmh = 110)
    {
        var fleet = new Fleet(Fleet.Coach());
        fleet.Drive(0, T0 - 60, T0, 90, step: 1);
        // Over the limit at T0 .. T0 + overSeconds inclusive: that is overSeconds of device time.
        fleet.Drive(0, T0, T0 + overSeconds + 1, kmh, step: 1);
        fleet.Drive(0, T0 + overSeconds + 1, T0 + 300, 90, step: 1);
        fleet.Finish(T0 + 900);
        return fleet;
    }

    [Fact]
    public void Speeding_for_29_seconds_opens_no_episode()
    {
        var fleet = Burst(29);
        Assert.Empty(fleet.Of(RuleKind.Overspeed));
    }

    [Fact]
    public void Speeding_for_31_seconds_opens_one_episode_from_the_first_fix_over_the_limit()
    {
        var fleet = Burst(31);
        var events = fleet.Of(RuleKind.Overspeed);
        Assert.Equal([EpisodeTransition.Opened, EpisodeTransition.Closed], events.Select(e => e.Transition));
        var closed = events[1];
        Assert.Equal(T0, closed.Start);
        Assert.Equal(T0 + 31, closed.End);
        Assert.Equal(1000, closed.Limit10);
        Assert.Equal(1100, closed.MaxSpeed10);
        Assert.Equal(Severity.L2, closed.Severity);
        Assert.False(closed.Late);
    }

    [Fact]
    public void Speeding_for_exactly_30_seconds_opens_an_episode()
    {
        var fleet = Burst(30);
        Assert.Single(fleet.Opened(RuleKind.Overspeed));
    }

    [Theory]
    [InlineData(109.9, Severity.L1)]
    [InlineData(110, Severity.L2)]
    [InlineData(119.9, Severity.L2)]
    [InlineData(120, Severity.L3)]
    [InlineData(149.9, Severity.L3)]
    [InlineData(150, Severity.L4)]
    public void Severity_follows_the_largest_excess(double kmh, Severity expected)
    {
        var fleet = Burst(40, kmh);
        Assert.Equal(expected, fleet.Opened(RuleKind.Overspeed).Single().Severity);
    }

    static Fleet TwoBursts(int secondsApart)
    {
        var fleet = new Fleet(Fleet.Coach());
        fleet.Drive(0, T0 - 60, T0, 90, step: 1);
        fleet.Drive(0, T0, T0 + 41, 112, step: 1);
        var secondStart = T0 + 40 + secondsApart;
        fleet.Drive(0, T0 + 41, secondStart, 90, step: 1);
        fleet.Drive(0, secondStart, secondStart + 41, 125, step: 1);
        fleet.Drive(0, secondStart + 41, secondStart + 300, 90, step: 1);
        fleet.Finish(secondStart + 900);
        return fleet;
    }

    [Fact]
    public void Two_bursts_59_seconds_apart_are_one_episode()
    {
        var fleet = TwoBursts(59);
        var events = fleet.Of(RuleKind.Overspeed);
        Assert.Equal([EpisodeTransition.Opened, EpisodeTransition.Escalated, EpisodeTransition.Closed], events.Select(e => e.Transition));
        Assert.All(events, e => Assert.Equal(T0, e.Start));
        Assert.Equal(T0 + 40 + 59 + 40, events[^1].End);
        Assert.Equal(Severity.L3, events[^1].Severity);
        Assert.Equal(1250, events[^1].MaxSpeed10);
    }

    [Fact]
    public void Two_bursts_61_seconds_apart_are_two_episodes()
    {
        var fleet = TwoBursts(61);
        var opened = fleet.Opened(RuleKind.Overspeed);
        Assert.Equal([T0, T0 + 40 + 61], opened.Select(e => e.Start));
        Assert.Equal([Severity.L2, Severity.L3], opened.Select(e => e.Severity));
    }

    [Fact]
    public void Hazmat_is_held_to_80_whatever_its_own_limit()
    {
        var fleet = new Fleet(Fleet.Hazmat(limit: 100));
        fleet.Drive(0, T0, T0 + 60, 85, step: 5);
        fleet.Finish(T0 + 600);
        var opened = fleet.Opened(RuleKind.Overspeed).Single();
        Assert.Equal(800, opened.Limit10);
        Assert.Equal(Severity.L1, opened.Severity);
    }

    [Fact]
    public void A_speed_zone_lowers_the_limit_inside_it_only()
    {
        // A 60 km/h zone north of the start: the vehicle at 70 km/h enters it after about 30 s.
        var zone = new NetTopologySuite.Geometries.GeometryFactory().CreatePolygon(
        [
            new(109.9, 27.551), new(110.1, 27.551), new(110.1, 27.6), new(109.9, 27.6), new(109.9, 27.551),
        ]);
        var zones = new SpeedZoneIndex([SpeedZone.FromGeometry("school", zone, 60, 0)]);
        var fleet = new Fleet(RuleProfile.Default, zones, Fleet.Coach());
        fleet.Drive(0, T0, T0 + 300, 70, step: 5);
        fleet.Finish(T0 + 900);
        var opened = fleet.Opened(RuleKind.Overspeed).Single();
        Assert.Equal(600, opened.Limit10);
        // 1 millidegree of latitude at 70 km/h takes 111.195 m / 19.44 m/s ≈ 5.7 s: first fix inside is at +10 s.
        Assert.Equal(T0 + 10, opened.Start);
    }

    [Fact]
    public void Fixes_out_of_order_within_the_window_give_the_same_episodes_as_in_order()
    {
        var ordered = new Fleet(Fleet.Coach());
        var fixes = new List<Fix>();
        for (var t = T0; t < T0 + 600; t += 5)
        {
            fixes.Add(ordered.Next(0, t, t % 200 < 90 ? 115 : 95));
        }
        foreach (var fix in fixes)
        {
            ordered.Send(fix);
        }
        ordered.Finish(T0 + 1200);

        var shuffled = new Fleet(Fleet.Coach());
        var random = new Random(7);
        // Each fix is delayed by up to 100 s: any two arrive at most 100 s out of order, inside the 120 s window.
        var order = fixes.OrderBy(f => f.Time + random.Next(0, 101)).ToArray();
        Assert.NotEqual(fixes.Select(f => f.Time), order.Select(f => f.Time));
        foreach (var fix in order)
        {
            shuffled.Send(fix);
        }
        shuffled.Finish(T0 + 1200);

        Assert.NotEmpty(ordered.Of(RuleKind.Overspeed));
        Assert.Equal(Describe(ordered.Events), Describe(shuffled.Events));
        Assert.Equal(0, shuffled.Engine.QualityOf(0).Late);
    }

    [Fact]
    public void Duplicates_never_open_a_second_episode()
    {
        var fleet = new Fleet(Fleet.Coach());
        for (var t = T0; t < T0 + 120; t += 5)
        {
            var fix = fleet.Next(0, t, 115);
            fleet.Send(fix);
            fleet.Send(fix);
        }
        fleet.Drive(0, T0 + 120, T0 + 300, 90);
        fleet.Finish(T0 + 900);
        Assert.Single(fleet.Opened(RuleKind.Overspeed));
        Assert.Equal(24, fleet.Engine.QualityOf(0).Duplicates);
    }

    [Fact]
    public void A_drift_point_is_not_speeding_and_is_counted_as_drift()
    {
        var fleet = new Fleet(Fleet.Coach());
        fleet.Drive(0, T0, T0 + 100, 90);
        // One fix 30 km off the track, claiming 150 km/h.
        fleet.Send(new Fix(0, T0 + 100, 27_830_000, Fleet.Longitude, 1500, 0, true, true));
        fleet.Drive(0, T0 + 110, T0 + 300, 90);
        fleet.Finish(T0 + 900);
        Assert.Empty(fleet.Of(RuleKind.Overspeed));
        Assert.Equal(1, fleet.Engine.QualityOf(0).Drift);
    }

    [Fact]
    public void Fixes_without_a_GNSS_position_are_not_used_and_are_counted_invalid()
    {
        var fleet = new Fleet(Fleet.Coach());
        for (var t = T0; t < T0 + 120; t += 5)
        {
            fleet.Send(0, t, 130, valid: false);
        }
        fleet.Finish(T0 + 900);
        Assert.Empty(fleet.Of(RuleKind.Overspeed));
        Assert.Equal(24, fleet.Engine.QualityOf(0).InvalidFix);
    }

    [Fact]
    public void Speeds_above_160_are_invalid_not_speeding()
    {
        var fleet = new Fleet(Fleet.Coach());
        fleet.Drive(0, T0, T0 + 100, 90);
        fleet.Send(new Fix(0, T0 + 100, fleet.Next(0, T0 + 100, 90).LatitudeE6, Fleet.Longitude, 1610, 0, true, true));
        fleet.Drive(0, T0 + 110, T0 + 200, 90);
        fleet.Finish(T0 + 900);
        Assert.Empty(fleet.Of(RuleKind.Overspeed));
        Assert.Equal(1, fleet.Engine.QualityOf(0).InvalidFix);
    }

    [Fact]
    public void A_speeding_stretch_backfilled_hours_later_is_a_late_episode()
    {
        var fleet = new Fleet(Fleet.Coach());
        var backfill = new List<Fix>();
        fleet.Drive(0, T0, T0 + 600, 90);
        // Blind area from T0+600 to T0+1800: the terminal stores, the live stream resumes afterwards.
        for (var t = T0 + 600; t < T0 + 1800; t += 10)
        {
            backfill.Add(fleet.Next(0, t, t < T0 + 900 ? 120 : 90));
        }
        fleet.Drive(0, T0 + 1800, T0 + 3600, 90);
        foreach (var fix in backfill)
        {
            fleet.Send(fix);
        }
        fleet.Finish(T0 + 4000);
        var opened = fleet.Opened(RuleKind.Overspeed).Single();
        Assert.True(opened.Late);
        Assert.Equal(T0 + 600, opened.Start);
        Assert.Equal(backfill.Count, fleet.Engine.QualityOf(0).Late);
    }

    [Fact]
    public void A_late_re_send_of_live_data_opens_nothing()
    {
        var fleet = new Fleet(Fleet.Coach());
        var sent = new List<Fix>();
        for (var t = T0; t < T0 + 600; t += 10)
        {
            sent.Add(fleet.Next(0, t, 120));
        }
        foreach (var fix in sent)
        {
            fleet.Send(fix);
        }
        fleet.Drive(0, T0 + 600, T0 + 1200, 90);
        foreach (var fix in sent)
        {
            fleet.Send(fix);
        }
        fleet.Finish(T0 + 2000);
        Assert.Single(fleet.Opened(RuleKind.Overspeed));
    }

    internal static List<string> Describe(IEnumerable<EpisodeEvent> events) =>
        [.. events.Select(e => $"{e.Transition} {e.Rule} v{e.Vehicle} {e.Start}-{(e.IsClosed ? e.End : -1)} {e.Severity} {e.Limit10} {e.MaxSpeed10} {e.AlarmBit} {e.Late} {e.DrivingSeconds}")];
}

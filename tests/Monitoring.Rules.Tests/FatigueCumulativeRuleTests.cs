namespace Monitoring.Rules.Tests;

public sealed class FatigueCumulativeRuleTests
{
    // Two-hour stints with 30-minute rests: never continuous fatigue, only the daily total grows.
    static Fleet Stints(Vehicle vehicle, int stints, int lastStintMinutes)
    {
        var fleet = new Fleet(vehicle);
        var t = Fleet.At(6, 0);
        for (var i = 0; i < stints; i++)
        {
            var minutes = i == stints - 1 ? lastStintMinutes : 120;
            fleet.Drive(0, t, t + minutes * 60, 60);
            fleet.Stop(0, t + minutes * 60, t + minutes * 60 + 30 * 60);
            t += minutes * 60 + 30 * 60;
        }
        fleet.Finish(t);
        return fleet;
    }

    [Fact]
    public void Exactly_eight_hours_in_a_day_is_allowed()
    {
        var fleet = Stints(Fleet.Coach(), 4, 120);
        Assert.Empty(fleet.Of(RuleKind.FatigueCumulative));
        Assert.Empty(fleet.Of(RuleKind.FatigueContinuous));
    }

    [Fact]
    public void More_than_eight_hours_in_a_day_opens_an_episode()
    {
        var fleet = Stints(Fleet.Coach(), 5, 10);
        var opened = fleet.Opened(RuleKind.FatigueCumulative).Single();
        Assert.True(opened.DrivingSeconds > 8 * 3600);
    }

    [Fact]
    public void The_episode_closes_when_old_driving_leaves_the_24_hour_window()
    {
        var fleet = Stints(Fleet.Coach(), 5, 10);
        fleet.Stop(0, Fleet.At(18, 0), Fleet.At(30, 0), step: 600);
        fleet.Finish(Fleet.At(31, 0));
        var events = fleet.Of(RuleKind.FatigueCumulative);
        Assert.Equal([EpisodeTransition.Opened, EpisodeTransition.Closed], events.Select(e => e.Transition));
        // 8 h 10 min: the first stint's first two 5-minute buckets leave the window the next morning at 06:00 and 06:05.
        Assert.Equal(Fleet.At(30, 5), events[1].End);
    }

    [Fact]
    public void Hazmat_has_no_cumulative_rule()
    {
        var fleet = Stints(Fleet.Hazmat(), 5, 60);
        Assert.Empty(fleet.Of(RuleKind.FatigueCumulative));
    }
}

namespace Monitoring.Rules.Tests;

public sealed class OfflineRuleTests
{
    static readonly long Last = Fleet.At(9, 0);

    static Fleet Silent()
    {
        var fleet = new Fleet(Fleet.Coach());
        fleet.Drive(0, Last - 600, Last + 10, 60);
        return fleet;
    }

    [Fact]
    public void Silence_of_19_minutes_is_not_offline()
    {
        var fleet = Silent();
        fleet.Tick(Last + 19 * 60);
        fleet.Send(0, Last + 19 * 60, 60);
        fleet.Finish(Last + 19 * 60);
        Assert.Empty(fleet.Of(RuleKind.Offline));
    }

    [Fact]
    public void Silence_of_21_minutes_is_offline_from_the_last_fix_until_fixes_resume()
    {
        var fleet = Silent();
        fleet.Tick(Last + 21 * 60);
        Assert.Equal(Last, fleet.Opened(RuleKind.Offline).Single().Start);
        fleet.Tick(Last + 30 * 60);
        fleet.Send(0, Last + 30 * 60, 60);
        var events = fleet.Of(RuleKind.Offline);
        Assert.Equal([EpisodeTransition.Opened, EpisodeTransition.Closed], events.Select(e => e.Transition));
        Assert.Equal(Last + 30 * 60, events[1].End);
    }

    [Fact]
    public void Silence_seen_only_when_fixes_resume_is_still_reported()
    {
        var fleet = Silent();
        fleet.Send(0, Last + 21 * 60, 60);
        var events = fleet.Of(RuleKind.Offline);
        Assert.Equal([EpisodeTransition.Opened, EpisodeTransition.Closed], events.Select(e => e.Transition));
        Assert.Equal(Last, events[1].Start);
        Assert.Equal(Last + 21 * 60, events[1].End);
    }

    [Fact]
    public void A_vehicle_still_silent_at_the_end_stays_open()
    {
        var fleet = Silent();
        fleet.Finish(Last + 60 * 60);
        var events = fleet.Of(RuleKind.Offline);
        Assert.Equal(EpisodeTransition.Opened, Assert.Single(events).Transition);
    }

    [Fact]
    public void A_parked_vehicle_with_ACC_off_is_not_offline()
    {
        var fleet = new Fleet(Fleet.Coach());
        fleet.Drive(0, Last - 600, Last, 60);
        fleet.Send(0, Last, 0, acc: false);
        fleet.Tick(Last + 3 * 3600);
        fleet.Send(0, Last + 3 * 3600, 0, acc: false);
        Assert.Empty(fleet.Of(RuleKind.Offline));
    }
}

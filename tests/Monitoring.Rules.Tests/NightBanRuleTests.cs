namespace Monitoring.Rules.Tests;

public sealed class NightBanRuleTests
{
    [Fact]
    public void A_long_distance_coach_that_stops_at_01_59_is_not_in_violation()
    {
        var fleet = new Fleet(Fleet.Coach());
        fleet.Drive(0, Fleet.At(1, 30), Fleet.At(1, 59), 60);
        fleet.Stop(0, Fleet.At(1, 59), Fleet.At(5, 10));
        fleet.Finish(Fleet.At(5, 30));
        Assert.Empty(fleet.Of(RuleKind.NightBan));
    }

    [Fact]
    public void A_long_distance_coach_driving_at_02_01_is_in_violation_from_then()
    {
        var fleet = new Fleet(Fleet.Coach());
        fleet.Stop(0, Fleet.At(1, 30), Fleet.At(2, 1));
        fleet.Drive(0, Fleet.At(2, 1), Fleet.At(2, 30), 60);
        fleet.Stop(0, Fleet.At(2, 30), Fleet.At(3, 0));
        fleet.Finish(Fleet.At(3, 30));
        var events = fleet.Of(RuleKind.NightBan);
        Assert.Equal([EpisodeTransition.Opened, EpisodeTransition.Closed], events.Select(e => e.Transition));
        Assert.Equal(Fleet.At(2, 1), events[1].Start);
        Assert.Equal(Fleet.At(2, 29, 50), events[1].End);
    }

    [Fact]
    public void Moving_for_less_than_two_minutes_in_the_window_is_not_a_violation()
    {
        var fleet = new Fleet(Fleet.Coach());
        fleet.Drive(0, Fleet.At(2, 10), Fleet.At(2, 11, 59), 30, step: 1);
        fleet.Stop(0, Fleet.At(2, 11, 59), Fleet.At(2, 40));
        fleet.Finish(Fleet.At(3, 0));
        Assert.Empty(fleet.Of(RuleKind.NightBan));
    }

    [Fact]
    public void Moving_for_two_minutes_in_the_window_is_a_violation()
    {
        var fleet = new Fleet(Fleet.Coach());
        fleet.Drive(0, Fleet.At(2, 10), Fleet.At(2, 12, 1), 30, step: 1);
        fleet.Stop(0, Fleet.At(2, 12, 1), Fleet.At(2, 40));
        fleet.Finish(Fleet.At(3, 0));
        Assert.Single(fleet.Opened(RuleKind.NightBan));
    }

    [Fact]
    public void A_short_stop_does_not_split_the_episode()
    {
        var fleet = new Fleet(Fleet.Coach());
        fleet.Drive(0, Fleet.At(2, 10), Fleet.At(2, 20), 60);
        fleet.Stop(0, Fleet.At(2, 20), Fleet.At(2, 22), step: 10);
        fleet.Drive(0, Fleet.At(2, 22), Fleet.At(2, 40), 60);
        fleet.Finish(Fleet.At(3, 30));
        Assert.Single(fleet.Opened(RuleKind.NightBan));
    }

    [Fact]
    public void A_coach_that_is_not_long_distance_is_exempt()
    {
        var fleet = new Fleet(Fleet.Coach(longDistance: false));
        fleet.Drive(0, Fleet.At(2, 10), Fleet.At(2, 40), 60);
        fleet.Finish(Fleet.At(3, 30));
        Assert.Empty(fleet.Of(RuleKind.NightBan));
    }

    [Fact]
    public void A_profile_can_ban_hazmat_from_midnight_to_six()
    {
        Assert.True(RuleProfileReader.TryRead(
            """{ "classes": { "hazmat": { "nightBan": true, "nightBanLongDistanceOnly": false, "nightBanStart": "00:00", "nightBanEnd": "06:00" } } }""",
            out var profile, out var error), error);
        var fleet = new Fleet(profile, null, Fleet.Hazmat());
        fleet.Drive(0, Fleet.At(0, 30), Fleet.At(0, 40), 60);
        fleet.Finish(Fleet.At(1, 30));
        Assert.Equal(Fleet.At(0, 30), fleet.Opened(RuleKind.NightBan).Single().Start);
    }
}

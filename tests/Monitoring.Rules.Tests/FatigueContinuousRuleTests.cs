namespace Monitoring.Rules.Tests;

public sealed class FatigueContinuousRuleTests
{
    static readonly long Morning = Fleet.At(6, 30);

    [Fact]
    public void Four_hours_of_driving_warns_at_three_and_a_half_and_escalates_at_four()
    {
        var fleet = new Fleet(Fleet.Coach());
        fleet.Drive(0, Morning, Morning + 4 * 3600 + 60, 60);
        fleet.Stop(0, Morning + 4 * 3600 + 60, Morning + 5 * 3600);
        fleet.Finish(Morning + 6 * 3600);
        var events = fleet.Of(RuleKind.FatigueContinuous);
        Assert.Equal([EpisodeTransition.Opened, EpisodeTransition.Escalated, EpisodeTransition.Closed], events.Select(e => e.Transition));
        Assert.Equal(Severity.Warning, events[0].Severity);
        Assert.Equal(Morning + 3 * 3600 + 1800, events[0].Start);
        Assert.Equal(Severity.L1, events[1].Severity);
        Assert.Equal(4 * 3600, events[1].DrivingSeconds);
        // Closed when the stop reached 20 minutes, ending where the stop began.
        Assert.Equal(Morning + 4 * 3600 + 60, events[2].End);
    }

    static Fleet DriveStopDrive(int stopMinutes)
    {
        var fleet = new Fleet(Fleet.Coach());
        var stop = Morning + 3 * 3600 + 50 * 60;
        fleet.Drive(0, Morning, stop, 60);
        fleet.Stop(0, stop, stop + stopMinutes * 60, step: 30);
        fleet.Drive(0, stop + stopMinutes * 60, stop + stopMinutes * 60 + 15 * 60, 60);
        fleet.Stop(0, stop + stopMinutes * 60 + 15 * 60, stop + stopMinutes * 60 + 60 * 60);
        fleet.Finish(stop + 2 * 3600);
        return fleet;
    }

    [Fact]
    public void A_stop_of_19_minutes_is_no_rest_and_the_spell_goes_over_four_hours()
    {
        var fleet = DriveStopDrive(19);
        var events = fleet.Of(RuleKind.FatigueContinuous);
        Assert.Equal([Severity.Warning, Severity.L1, Severity.L1], events.Select(e => e.Severity));
        // The 19 minutes neither reset nor add: 3 h 50 + 15 min.
        Assert.Equal(4 * 3600 + 5 * 60, events[^1].DrivingSeconds);
    }

    [Fact]
    public void A_rest_of_21_minutes_ends_the_spell()
    {
        var fleet = DriveStopDrive(21);
        var events = fleet.Of(RuleKind.FatigueContinuous);
        Assert.Equal([EpisodeTransition.Opened, EpisodeTransition.Closed], events.Select(e => e.Transition));
        Assert.All(events, e => Assert.Equal(Severity.Warning, e.Severity));
    }

    [Fact]
    public void At_21_59_two_and_a_half_hours_of_driving_is_within_the_day_limit()
    {
        var fleet = new Fleet(Fleet.Coach());
        fleet.Drive(0, Fleet.At(19, 29), Fleet.At(21, 59), 60);
        fleet.Stop(0, Fleet.At(21, 59), Fleet.At(22, 30));
        fleet.Finish(Fleet.At(23, 0));
        Assert.Empty(fleet.Of(RuleKind.FatigueContinuous));
    }

    [Fact]
    public void At_22_01_two_and_a_half_hours_of_driving_is_over_the_night_limit()
    {
        var fleet = new Fleet(Fleet.Coach());
        fleet.Drive(0, Fleet.At(19, 31), Fleet.At(22, 1), 60);
        fleet.Stop(0, Fleet.At(22, 1), Fleet.At(22, 30));
        fleet.Finish(Fleet.At(23, 0));
        var opened = fleet.Opened(RuleKind.FatigueContinuous).Single();
        Assert.Equal(Severity.L1, opened.Severity);
        Assert.Equal(Fleet.At(22, 0), opened.Start);
    }

    [Fact]
    public void Hazmat_keeps_the_four_hour_limit_at_night()
    {
        var fleet = new Fleet(Fleet.Hazmat());
        fleet.Drive(0, Fleet.At(21, 0), Fleet.At(23, 30), 60);
        fleet.Finish(Fleet.At(23, 59));
        Assert.Empty(fleet.Of(RuleKind.FatigueContinuous));
    }

    [Fact]
    public void Backfilled_driving_counts_towards_fatigue_and_its_episode_is_late()
    {
        // 3 h 20 live, a 20-minute blind area while driving, then live again: 3 h 20 counted live, under the
        // 3 h 30 pre-warning, until the blind-area upload shows the missing 20 minutes of driving.
        var fleet = new Fleet(Fleet.Coach());
        var gapStart = Morning + 3 * 3600 + 20 * 60;
        fleet.Drive(0, Morning, gapStart + 10, 60);
        var backfill = new List<Fix>();
        for (var t = gapStart + 10; t < gapStart + 20 * 60; t += 10)
        {
            backfill.Add(fleet.Next(0, t, 60));
        }
        fleet.Drive(0, gapStart + 20 * 60, gapStart + 25 * 60, 60);
        fleet.Tick(gapStart + 25 * 60);
        Assert.Empty(fleet.Of(RuleKind.FatigueContinuous));
        foreach (var fix in backfill)
        {
            fleet.Send(fix);
        }
        var opened = fleet.Opened(RuleKind.FatigueContinuous).Single();
        Assert.True(opened.Late);
        Assert.Equal(Severity.Warning, opened.Severity);
    }

    [Fact]
    public void A_rest_while_the_terminal_is_silent_ends_the_spell_on_the_clock()
    {
        // Parked with the ignition off after 3 h 40: the terminal sends one last report and goes quiet.
        var fleet = new Fleet(Fleet.Coach());
        var parked = Morning + 3 * 3600 + 40 * 60;
        fleet.Drive(0, Morning, parked, 60);
        fleet.Send(0, parked, 0, acc: false);
        fleet.Tick(parked + 19 * 60);
        Assert.Equal([EpisodeTransition.Opened], fleet.Of(RuleKind.FatigueContinuous).Select(e => e.Transition));
        fleet.Tick(parked + 23 * 60);
        var events = fleet.Of(RuleKind.FatigueContinuous);
        Assert.Equal([EpisodeTransition.Opened, EpisodeTransition.Closed], events.Select(e => e.Transition));
        Assert.Equal(parked, events[1].End);
    }
}

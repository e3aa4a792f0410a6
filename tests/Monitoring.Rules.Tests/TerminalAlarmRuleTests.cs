namespace Monitoring.Rules.Tests;

public sealed class TerminalAlarmRuleTests
{
    static readonly long T0 = Fleet.At(14, 0);
    const uint Emergency = 1u << 0;
    const uint Overspeed = 1u << 1;

    [Fact]
    public void An_alarm_bit_is_one_episode_from_rise_to_fall_not_one_per_packet()
    {
        var fleet = new Fleet(Fleet.Coach());
        fleet.Drive(0, T0, T0 + 100, 50);
        fleet.Drive(0, T0 + 100, T0 + 300, 50, alarms: Emergency);
        fleet.Drive(0, T0 + 300, T0 + 400, 50);
        fleet.Finish(T0 + 600);
        var events = fleet.Of(RuleKind.TerminalAlarm);
        Assert.Equal([EpisodeTransition.Opened, EpisodeTransition.Closed], events.Select(e => e.Transition));
        Assert.Equal(0, events[1].AlarmBit);
        Assert.Equal(Severity.L4, events[1].Severity);
        Assert.Equal(T0 + 100, events[1].Start);
        Assert.Equal(T0 + 300, events[1].End);
    }

    [Fact]
    public void Each_bit_is_its_own_episode()
    {
        var fleet = new Fleet(Fleet.Coach());
        fleet.Drive(0, T0, T0 + 100, 50, alarms: Emergency);
        fleet.Drive(0, T0 + 100, T0 + 200, 50, alarms: Emergency | Overspeed);
        fleet.Drive(0, T0 + 200, T0 + 300, 50, alarms: Overspeed);
        fleet.Finish(T0 + 600);
        var opened = fleet.Opened(RuleKind.TerminalAlarm);
        Assert.Equal([0, 1], opened.Select(e => e.AlarmBit));
        Assert.Equal([T0, T0 + 100], opened.Select(e => e.Start));
    }

    [Fact]
    public void Terminal_re_sends_never_open_a_second_episode()
    {
        var fleet = new Fleet(Fleet.Coach());
        var fixes = new List<Fix>();
        for (var t = T0; t < T0 + 300; t += 10)
        {
            fixes.Add(fleet.Next(0, t, 50, alarms: t < T0 + 200 ? Emergency : 0));
        }
        foreach (var fix in fixes)
        {
            fleet.Send(fix);
            fleet.Send(fix);
        }
        fleet.Drive(0, T0 + 300, T0 + 900, 50);
        // The same packets again, long after: a re-send, not new data.
        foreach (var fix in fixes)
        {
            fleet.Send(fix);
        }
        fleet.Finish(T0 + 1200);
        Assert.Single(fleet.Opened(RuleKind.TerminalAlarm));
    }

    [Fact]
    public void Bits_outside_the_profile_mask_are_ignored()
    {
        var profile = RuleProfile.Default.With(VehicleClass.LineCoach, ClassProfile.DefaultFor(VehicleClass.LineCoach) with { TerminalAlarmMask = Emergency });
        var fleet = new Fleet(profile, null, Fleet.Coach());
        fleet.Drive(0, T0, T0 + 100, 50, alarms: Overspeed);
        fleet.Finish(T0 + 600);
        Assert.Empty(fleet.Of(RuleKind.TerminalAlarm));
    }

    [Fact]
    public void Alarms_count_even_without_a_GNSS_position()
    {
        var fleet = new Fleet(Fleet.Coach());
        fleet.Send(0, T0, 0, valid: false, alarms: Emergency);
        fleet.Send(0, T0 + 10, 0, valid: false);
        fleet.Finish(T0 + 600);
        Assert.Equal(2, fleet.Of(RuleKind.TerminalAlarm).Count);
    }
}

namespace Monitoring.Rules.Tests;

public sealed class NightOverspeedRuleTests
{
    // A coach with a 100 km/h limit at 90 km/h: legal by day, 12.5 % over the night limit of 80.
    static Fleet DriveAt90(long from, long to, Vehicle? vehicle = null)
    {
        var fleet = new Fleet(vehicle ?? Fleet.Coach());
        fleet.Drive(0, from, to, 90, step: 5);
        fleet.Finish(to + 900);
        return fleet;
    }

    [Fact]
    public void At_21_59_a_coach_at_90_is_within_the_day_limit()
    {
        var fleet = DriveAt90(Fleet.At(21, 57), Fleet.At(21, 59, 55));
        Assert.Empty(fleet.Of(RuleKind.NightOverspeed));
        Assert.Empty(fleet.Of(RuleKind.Overspeed));
    }

    [Fact]
    public void At_22_01_a_coach_at_90_is_night_overspeed_against_80_percent_of_its_limit()
    {
        var fleet = DriveAt90(Fleet.At(22, 1), Fleet.At(22, 3));
        var opened = fleet.Opened(RuleKind.NightOverspeed).Single();
        Assert.Equal(Fleet.At(22, 1), opened.Start);
        Assert.Equal(800, opened.Limit10);
        Assert.Equal(Severity.L2, opened.Severity);
        Assert.Empty(fleet.Of(RuleKind.Overspeed));
    }

    [Fact]
    public void A_coach_driving_on_into_the_night_is_reported_from_22_00()
    {
        var fleet = DriveAt90(Fleet.At(21, 50), Fleet.At(22, 5));
        Assert.Equal(Fleet.At(22, 0), fleet.Opened(RuleKind.NightOverspeed).Single().Start);
    }

    [Fact]
    public void The_night_window_ends_at_06_00()
    {
        var fleet = DriveAt90(Fleet.At(6, 0), Fleet.At(6, 10));
        Assert.Empty(fleet.Of(RuleKind.NightOverspeed));
    }

    [Fact]
    public void Hazmat_has_no_night_cap()
    {
        var fleet = new Fleet(Fleet.Hazmat());
        fleet.Drive(0, Fleet.At(23, 0), Fleet.At(23, 10), 75, step: 5);
        fleet.Finish(Fleet.At(23, 30));
        Assert.Empty(fleet.Of(RuleKind.NightOverspeed));
        Assert.Empty(fleet.Of(RuleKind.Overspeed));
    }
}

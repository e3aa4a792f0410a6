namespace Monitoring.Rules.Tests;

public sealed class FixValidityTests
{
    static readonly long T0 = Fleet.At(11, 0);

    [Fact]
    public void A_fix_from_the_future_is_invalid_and_does_not_make_later_fixes_late()
    {
        var fleet = new Fleet(Fleet.Coach());
        fleet.Tick(T0);
        fleet.Drive(0, T0, T0 + 60, 60);
        fleet.Send(new Fix(0, T0 + 86_400, 27_560_000, Fleet.Longitude, 600, 0, true, true));
        fleet.Tick(T0 + 60);
        fleet.Drive(0, T0 + 60, T0 + 300, 60);
        var quality = fleet.Engine.QualityOf(0);
        Assert.Equal(1, quality.InvalidFix);
        Assert.Equal(0, quality.Late);
    }

    [Fact]
    public void A_fix_outside_China_is_invalid()
    {
        var fleet = new Fleet(Fleet.Coach());
        fleet.Send(new Fix(0, T0, 51_500_000, -100_000, 600, 0, true, true));
        fleet.Finish(T0 + 60);
        Assert.Equal(1, fleet.Engine.QualityOf(0).InvalidFix);
        Assert.Equal(0, fleet.Engine.QualityOf(0).Valid);
    }

    [Fact]
    public void Three_agreeing_drift_points_mean_the_vehicle_really_moved()
    {
        // A wrong first position 50 km away, then the real track: two drift points, then the track is believed.
        var fleet = new Fleet(Fleet.Coach());
        fleet.Send(new Fix(0, T0, 28_000_000, Fleet.Longitude, 0, 0, true, true));
        fleet.Drive(0, T0 + 10, T0 + 300, 60);
        fleet.Finish(T0 + 600);
        var quality = fleet.Engine.QualityOf(0);
        Assert.Equal(2, quality.Drift);
        Assert.Equal(quality.Fixes - 2, quality.Valid);
    }
}

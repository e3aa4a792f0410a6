namespace Monitoring.Rules.Tests;

public sealed class RuleProfileTests
{
    [Fact]
    public void The_built_in_defaults_are_the_issues()
    {
        var profile = RuleProfile.Default;
        Assert.Equal(120, profile.ReorderWindowSeconds);
        Assert.Equal(5, profile.MovingSpeedKmh);
        Assert.Equal(160, profile.MaxValidSpeedKmh);
        foreach (var passenger in new[] { VehicleClass.TouristCoach, VehicleClass.CharterCoach, VehicleClass.LineCoach, VehicleClass.RuralBus })
        {
            var p = profile.For(passenger);
            Assert.Null(p.SpeedCapKmh);
            Assert.Equal(0.8, p.NightSpeedFactor);
            Assert.True(p.NightBan);
            Assert.Equal((240, 120, 20, 30, 480), (p.FatigueDayLimitMinutes, p.FatigueNightLimitMinutes, p.RestMinutes, p.FatiguePreWarningMinutes, p.CumulativeLimitMinutes));
        }
        var hazmat = profile.For(VehicleClass.Hazmat);
        Assert.Equal(80, hazmat.SpeedCapKmh);
        Assert.Equal(1.0, hazmat.NightSpeedFactor);
        Assert.False(hazmat.NightBan);
        Assert.Equal((240, 240, 0), (hazmat.FatigueDayLimitMinutes, hazmat.FatigueNightLimitMinutes, hazmat.CumulativeLimitMinutes));
        var truck = profile.For(VehicleClass.HeavyTruck);
        Assert.Null(truck.SpeedCapKmh);
        Assert.Equal(240, truck.FatigueNightLimitMinutes);
        Assert.All(Enumerable.Range(0, VehicleClassNames.Count), i =>
        {
            var p = profile.For((VehicleClass)i);
            Assert.Equal((30, 60, 10, 20, 50, 20), (p.OverspeedMinSeconds, p.OverspeedMergeSeconds, p.L2Percent, p.L3Percent, p.L4Percent, p.OfflineMinutes));
            Assert.Equal((new TimeOnly(22, 0), new TimeOnly(6, 0), new TimeOnly(2, 0), new TimeOnly(5, 0)), (p.NightStart, p.NightEnd, p.NightBanStart, p.NightBanEnd));
        });
    }

    [Fact]
    public void A_profile_overrides_only_what_it_names()
    {
        Assert.True(RuleProfileReader.TryRead(
            """
            {
              // Comments are allowed: profiles are edited by hand.
              "reorderWindowSeconds": 60,
              "classes": { "tourist_coach": { "nightStart": "22:00", "nightEnd": "05:00", "overspeedMinSeconds": 60 } }
            }
            """, out var profile, out var error), error);
        Assert.Equal(60, profile.ReorderWindowSeconds);
        var tourist = profile.For(VehicleClass.TouristCoach);
        Assert.Equal(new TimeOnly(5, 0), tourist.NightEnd);
        Assert.Equal(60, tourist.OverspeedMinSeconds);
        Assert.Equal(0.8, tourist.NightSpeedFactor);
        Assert.Equal(new TimeOnly(6, 0), profile.For(VehicleClass.CharterCoach).NightEnd);
    }

    [Theory]
    [InlineData("""{ "reorderWindowSecs": 60 }""", "reorderWindowSecs")]
    [InlineData("""{ "classes": { "bus": {} } }""", "bus")]
    [InlineData("""{ "classes": { "hazmat": { "speedCap": 70 } } }""", "speedCap")]
    [InlineData("""{ "classes": { "hazmat": { "nightStart": "10pm" } } }""", "HH:mm")]
    [InlineData("""{ "classes": { "hazmat": { "nightSpeedFactor": 1.5 } } }""", "nightSpeedFactor")]
    [InlineData("""{ "classes": { "hazmat": { "l2Percent": 30 } } }""", "severity bands")]
    [InlineData("""{ "movingSpeedKmh": -1 }""", "negative")]
    [InlineData("""[1]""", "object")]
    [InlineData("""{ "movingSpeedKmh": """, "")]
    public void A_bad_profile_is_refused_with_a_reason(string json, string reason)
    {
        Assert.False(RuleProfileReader.TryRead(json, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
        Assert.NotEmpty(error);
    }
}

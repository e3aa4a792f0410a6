using Monitoring.Protocol;
using Monitoring.Protocol.Bodies;
using Monitoring.Protocol.Framing;

namespace Monitoring.Simulation.Tests;

/// <summary>The simulator's frames are real JT/T 808, normal driving breaks no rule, and acted scenarios are in the ground truth.</summary>
public sealed class FleetSimulationTests
{
    static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    sealed record Fix(string Vehicle, DateTimeOffset Time, double SpeedKmh, uint Alarm, bool Backfill, double Lat);

    static (FleetSimulation Simulation, List<Fix> Fixes, int Messages) Run(int vehicles, Dictionary<int, ScenarioKind> scenarios, DateTimeOffset start, TimeSpan duration)
    {
        var fleet = Fleet.Create(vehicles, seed: 7);
        var simulation = new FleetSimulation(fleet, new SimulationOptions { Start = start, Scenarios = scenarios, Seed = 7 });
        var fixes = new List<Fix>();
        var scratch = new byte[Jt808Framer.MaxEscapedContentLength];
        int messages = 0;
        simulation.RunUntil(start + duration, t =>
        {
            messages++;
            ReadOnlySpan<byte> rest = t.Payload;
            int found = 0;
            while (true)
            {
                var scan = Jt808Framer.Scan(rest, isFinalBlock: true);
                if (scan.Status == FrameScanStatus.Frame)
                {
                    found++;
                    var result = Jt808Decoder.Decode(rest[scan.Range], scratch, out var message);
                    Assert.True(result.IsOk, result.ToString());
                    Assert.Equal(t.Vehicle.Phone, message.Header.Phone);
                    Assert.Equal(t.Vehicle.ProtocolVersion, message.Header.Version);
                    if (LocationReport.TryRead(message, out var report).IsOk)
                    {
                        fixes.Add(ToFix(t.Vehicle.Id, report.Basic, false));
                    }
                    else if (LocationBatch.TryRead(message, out var batch).IsOk)
                    {
                        Assert.Equal(LocationBatch.BlindAreaBackfill, batch.Type);
                        foreach (var location in batch)
                        {
                            fixes.Add(ToFix(t.Vehicle.Id, location.Basic, true));
                        }
                    }
                }

                if (scan.Status == FrameScanStatus.NeedMoreData || scan.Consumed == 0)
                {
                    break;
                }

                rest = rest[scan.Consumed..];
            }

            Assert.True(found > 0);
        });
        return (simulation, fixes, messages);
    }

    static Fix ToFix(string vehicle, LocationBasic basic, bool backfill)
    {
        Assert.True(basic.Time.TryGetInstant(Beijing, out var time));
        return new Fix(vehicle, time, basic.SpeedKmh, basic.Alarm, backfill, basic.Latitude);
    }

    [Fact]
    public void A_normal_day_breaks_no_rule_and_every_frame_decodes()
    {
        var start = new DateTimeOffset(2026, 3, 2, 0, 0, 0, Beijing);
        var (simulation, fixes, messages) = Run(40, new Dictionary<int, ScenarioKind> { [0] = ScenarioKind.None }, start, TimeSpan.FromHours(24));
        Assert.Empty(simulation.GroundTruth);
        Assert.True(messages > 40 * 24 * 30);
        foreach (var vehicle in simulation.Fleet.Vehicles)
        {
            var own = fixes.Where(f => f.Vehicle == vehicle.Id).OrderBy(f => f.Time).ToList();
            Assert.Contains(own, f => f.SpeedKmh > 20);
            double limit = vehicle.Class == "hazmat" ? Math.Min(80, vehicle.SpeedLimitKmh) : vehicle.SpeedLimitKmh;
            foreach (var f in own)
            {
                var local = f.Time.ToOffset(Beijing).TimeOfDay;
                bool night = local >= TimeSpan.FromHours(22) || local < TimeSpan.FromHours(6);
                double effective = vehicle.IsPassenger && night ? limit * 0.8 : limit;
                Assert.True(f.SpeedKmh <= effective, $"{vehicle.Id} {f.Time} {f.SpeedKmh} > {effective}");
                Assert.True(!(local >= TimeSpan.FromHours(2) && local < TimeSpan.FromHours(5)) || f.SpeedKmh <= 5, $"{vehicle.Id} moving at {f.Time}");
                Assert.Equal(0u, f.Alarm);
            }

            // Never 20 minutes of silence after a moving fix (offline), and legs end well before 2 h of driving.
            for (int i = 1; i < own.Count; i++)
            {
                if (own[i - 1].SpeedKmh > 5)
                {
                    Assert.True(own[i].Time - own[i - 1].Time < TimeSpan.FromMinutes(20), $"{vehicle.Id} silent after {own[i - 1].Time}");
                }
            }
        }
    }

    [Fact]
    public void Acted_scenarios_are_in_the_ground_truth_and_in_the_fixes()
    {
        var fleet = Fleet.Create(40, seed: 7);
        int Find(Func<FleetVehicle, bool> where, params int[] taken) => fleet.Vehicles.First(v => where(v) && !taken.Contains(v.Index)).Index;
        int overspeed = Find(v => v.Class == "line_coach");
        int hazmat = Find(v => v.Class == "hazmat");
        int nightSpeed = Find(v => v.IsPassenger, overspeed);
        int nightBan = Find(v => v.IsPassenger && v.LongDistance, overspeed, nightSpeed);
        int fatigue = Find(v => v.Class == "heavy_truck");
        int offline = Find(v => v.Class == "rural_bus");
        int alarm = Find(v => v.Class == "tourist_coach", overspeed, nightSpeed, nightBan);
        int drift = Find(v => v.Class == "charter_coach", overspeed, nightSpeed, nightBan, alarm);
        var scenarios = new Dictionary<int, ScenarioKind>
        {
            [overspeed] = ScenarioKind.Overspeed,
            [hazmat] = ScenarioKind.Overspeed,
            [nightSpeed] = ScenarioKind.NightOverspeed,
            [nightBan] = ScenarioKind.NightBan,
            [fatigue] = ScenarioKind.FatigueContinuous,
            [offline] = ScenarioKind.Offline,
            [alarm] = ScenarioKind.EmergencyAlarm,
            [drift] = ScenarioKind.Drift,
        };
        var start = new DateTimeOffset(2026, 3, 2, 0, 0, 0, Beijing);
        var (simulation, fixes, _) = Run(40, scenarios, start, TimeSpan.FromHours(24));
        var truth = simulation.GroundTruth;

        foreach (var (index, kind) in scenarios)
        {
            var vehicle = fleet.Vehicles[index];
            var acted = Assert.Single(truth, e => e.VehicleId == vehicle.Id);
            Assert.Equal(kind.Rule(), acted.Rule);
            var own = fixes.Where(f => f.Vehicle == vehicle.Id).OrderBy(f => f.Time).ToList();
            switch (kind)
            {
                case ScenarioKind.Overspeed or ScenarioKind.NightOverspeed:
                    // Before 22:00 the night limit does not apply, so only fixes in the night window count.
                    var over = own.Where(f => f.SpeedKmh > acted.LimitKmh!.Value
                        && (kind == ScenarioKind.Overspeed || f.Time.ToOffset(Beijing).Hour is >= 22 or < 6)).ToList();
                    Assert.Equal(acted.Start, over[0].Time);
                    Assert.Equal(acted.End, over[^1].Time);
                    Assert.True(over[^1].Time - over[0].Time >= TimeSpan.FromMinutes(2));
                    Assert.Equal("L2", acted.Severity);
                    Assert.Equal(acted.MaxSpeedKmh, over.Max(f => f.SpeedKmh));
                    break;
                case ScenarioKind.NightBan:
                    var banned = own.Where(f => f.SpeedKmh > 5 && f.Time.ToOffset(Beijing).Hour is >= 2 and < 5).ToList();
                    Assert.Equal(acted.Start, banned[0].Time);
                    Assert.True(banned[^1].Time - banned[0].Time >= TimeSpan.FromMinutes(20));
                    break;
                case ScenarioKind.FatigueContinuous:
                    Assert.True(acted.End - acted.Start >= TimeSpan.FromMinutes(40));
                    var spell = own.Where(f => f.Time <= acted.End && f.Time >= acted.Start.AddHours(-3.5)).ToList();
                    Assert.All(spell, f => Assert.True(f.SpeedKmh > 5, $"stopped at {f.Time}"));
                    break;
                case ScenarioKind.Offline:
                    var live = own.Where(f => !f.Backfill && f.Time > acted.Start && f.Time < acted.End).ToList();
                    Assert.Empty(live);
                    Assert.True(acted.End - acted.Start >= TimeSpan.FromMinutes(20));
                    Assert.Contains(own, f => f.Backfill && f.Time > acted.Start && f.Time < acted.End);
                    break;
                case ScenarioKind.EmergencyAlarm:
                    var raised = own.Where(f => (f.Alarm & 1) != 0).ToList();
                    Assert.Equal(acted.Start, raised[0].Time);
                    Assert.True(acted.End > raised[^1].Time);
                    break;
                case ScenarioKind.Drift:
                    var at = own.Single(f => f.Time == acted.Start);
                    var before = own.Last(f => f.Time < acted.Start);
                    Assert.True(Math.Abs(at.Lat - before.Lat) > 0.04);
                    break;
                default:
                    break;
            }
        }
    }

    [Fact]
    public void The_same_seed_sends_the_same_bytes()
    {
        byte[] Digest()
        {
            var simulation = new FleetSimulation(Fleet.Create(20, 3), new SimulationOptions { Seed = 3 });
            using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
            simulation.RunUntil(simulation.Now.AddHours(3), t => hash.AppendData(t.Payload));
            return hash.GetHashAndReset();
        }

        Assert.Equal(Digest(), Digest());
    }

    [Fact]
    public void The_fleet_has_every_class_carriers_in_every_county_and_unique_plates_and_phones()
    {
        var fleet = Fleet.Create(500, 1);
        Assert.Equal(6, fleet.Vehicles.Select(v => v.Class).Distinct().Count());
        Assert.Equal(12, fleet.Carriers.Select(c => c.CountyCode).Distinct().Count());
        Assert.Equal(500, fleet.Vehicles.Select(v => v.Plate).Distinct().Count());
        Assert.Equal(500, fleet.Vehicles.Select(v => v.Phone).Distinct().Count());
        Assert.All(fleet.Vehicles, v => Assert.StartsWith("湘N", v.Plate, StringComparison.Ordinal));
        Assert.Contains(fleet.Vehicles, v => v.ProtocolVersion == Jt808Version.V2019);
    }
}

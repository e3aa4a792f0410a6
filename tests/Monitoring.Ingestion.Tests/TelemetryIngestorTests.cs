using Monitoring.Protocol;
using Monitoring.Protocol.Framing;
using Monitoring.Rules;
using Monitoring.Simulation;
using Monitoring.Storage;

namespace Monitoring.Ingestion.Tests;

public sealed class TelemetryIngestorTests
{
    static EngineSink NewSink(SimulatedFleet fleet) => new()
    {
        Batch = new StoredPosition[512],
        Engines = fleet.Engines,
        Events = new EpisodeBuffer(1 << 14),
        Rejects = [],
    };

    [Fact]
    public void Every_simulated_position_becomes_one_stored_position_and_one_fix()
    {
        var fleet = new SimulatedFleet(30, TimeSpan.FromHours(2));
        var ingestor = new TelemetryIngestor(fleet.Directory);
        var sink = NewSink(fleet);
        foreach (var (time, payload, _) in fleet.Payloads)
        {
            ingestor.Ingest(payload, time.UtcDateTime, ref sink);
        }

        long expected = fleet.Payloads.Sum(p => (long)p.Positions);
        Assert.Equal(expected, sink.Positions);
        Assert.Equal(expected, ingestor.Counters.Positions);
        Assert.Equal(fleet.Payloads.Count, ingestor.Counters.Messages);
        Assert.Empty(sink.Rejects!);
        Assert.True(ingestor.Counters.Heartbeats > 0);
        long fixes = 0;
        for (int p = 0; p < fleet.Engines.Length; p++)
        {
            foreach (long id in fleet.Directory.VehiclesOf(p))
            {
                fixes += fleet.Engines[p].QualityOf(fleet.Directory.VehiclesOf(p).ToList().IndexOf(id)).Fixes;
            }
        }

        Assert.Equal(expected, fixes);
    }

    [Fact]
    public void Bad_frames_and_unknown_terminals_are_rejected_with_the_reason_and_lose_nothing_else()
    {
        var fleet = new SimulatedFleet(5, TimeSpan.FromMinutes(30));
        var ingestor = new TelemetryIngestor(fleet.Directory);
        var sink = NewSink(fleet);
        var good = fleet.Payloads.Skip(100).First(p => p.Positions == 1 && p.Payload.Length < 80).Payload;
        byte[] corrupt = [.. good];
        corrupt[20] ^= 0x01;
        var stranger = new byte[Jt808FrameWriter.MaxFrameLength];
        var body = new byte[64];
        int bodyLength = Protocol.Bodies.LocationReport.Write(body, Protocol.Bodies.LocationBasic.Create(0, 2, 27.5, 110, 0, 50, 0, Jt808Time.FromDateTime(new DateTime(2026, 3, 2, 8, 0, 0))), []);
        int strangerLength = Jt808FrameWriter.Write(stranger, Jt808FrameWriter.Header(MessageIds.LocationReport, TerminalPhone.Parse("099999999999"), 1, Jt808Version.V2013), body.AsSpan(0, bodyLength));

        byte[] payload = [.. corrupt, .. stranger.AsSpan(0, strangerLength), .. good];
        ingestor.Ingest(payload, DateTime.UtcNow, ref sink);

        Assert.Equal(1, sink.Positions);
        Assert.Equal(2, sink.Rejects!.Count);
        Assert.Equal(RejectReason.BadFrame, sink.Rejects[0].Reason);
        Assert.StartsWith("BadChecksum", sink.Rejects[0].Detail, StringComparison.Ordinal);
        Assert.Equal(RejectReason.UnknownTerminal, sink.Rejects[1].Reason);
        Assert.Equal("099999999999", sink.Rejects[1].Detail);
        Assert.Equal(1, ingestor.Counters.Frames(Jt808Status.BadChecksum));
        Assert.Equal(1, ingestor.Counters.UnknownTerminal);
    }

    [Fact]
    public void Acted_overspeed_comes_out_of_the_rule_engine_through_the_ingestor()
    {
        var probe = Fleet.Create(20, 11);
        int coach = probe.Vehicles.First(v => v.Class == "line_coach").Index;
        var fleet = new SimulatedFleet(20, TimeSpan.FromHours(10), scenarios: new Dictionary<int, ScenarioKind> { [coach] = ScenarioKind.Overspeed });
        var ingestor = new TelemetryIngestor(fleet.Directory);
        var sink = NewSink(fleet);
        var opened = new List<EpisodeEvent>();
        foreach (var (time, payload, _) in fleet.Payloads)
        {
            ingestor.Ingest(payload, time.UtcDateTime, ref sink);
            foreach (var e in sink.Events.Events)
            {
                if (e.Transition == EpisodeTransition.Opened)
                {
                    opened.Add(e);
                }
            }

            sink.Events.Clear();
        }

        var acted = Assert.Single(fleet.GroundTruth);
        Assert.True(fleet.Directory.TryFind(fleet.Fleet.Vehicles[coach].Phone, out var slot));
        var episode = Assert.Single(opened);
        Assert.Equal(RuleKind.Overspeed, episode.Rule);
        Assert.Equal(slot.Index, episode.Vehicle);
        Assert.Equal(acted.Start.ToUnixTimeSeconds(), episode.Start);
    }
}

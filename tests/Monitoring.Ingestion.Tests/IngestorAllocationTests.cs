using Monitoring.Rules;
using Monitoring.Storage;

namespace Monitoring.Ingestion.Tests;

/// <summary>
/// The hot path frame → decode → rules → batch allocates nothing per message in steady state: a simulated
/// fleet's MQTT payloads, ingested after a warm-up, measured with <see cref="GC.GetAllocatedBytesForCurrentThread"/>.
/// </summary>
public sealed class IngestorAllocationTests
{
    [Fact]
    public void Ingesting_a_fleets_messages_allocates_nothing_once_warm()
    {
        var fleet = new SimulatedFleet(200, TimeSpan.FromHours(4));
        var ingestor = new TelemetryIngestor(fleet.Directory);
        var sink = new EngineSink
        {
            Batch = new StoredPosition[4096],
            Engines = fleet.Engines,
            Events = new EpisodeBuffer(1 << 16),
        };
        int warm = fleet.Payloads.Count / 3;
        long nextTick = 0;
        for (int i = 0; i < warm; i++)
        {
            Ingest(ingestor, fleet, ref sink, i, ref nextTick);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = warm; i < fleet.Payloads.Count; i++)
        {
            Ingest(ingestor, fleet, ref sink, i, ref nextTick);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        int measured = fleet.Payloads.Count - warm;
        Assert.True(measured > 30_000, $"only {measured} messages measured");
        Assert.Equal(0, allocated);
        Assert.True(sink.Positions > measured / 2);
    }

    static void Ingest(TelemetryIngestor ingestor, SimulatedFleet fleet, ref EngineSink sink, int i, ref long nextTick)
    {
        var (time, payload, _) = fleet.Payloads[i];
        ingestor.Ingest(payload, time.UtcDateTime, ref sink);
        long now = time.ToUnixTimeSeconds();
        if (now >= nextTick)
        {
            // The service ticks every partition's engine about once a minute.
            foreach (var engine in fleet.Engines)
            {
                engine.AdvanceClock(now, sink.Events);
            }

            nextTick = now + 60;
        }

        sink.Events.Clear();
    }
}

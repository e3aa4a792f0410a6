using BenchmarkDotNet.Attributes;
using Monitoring.Ingestion;
using Monitoring.Rules;
using Monitoring.Simulation;
using Monitoring.Storage;

namespace Monitoring.Benchmarks;

/// <summary>
/// The whole hot path per MQTT message: framing, decoding, terminal lookup, a position into the batch array and
/// a fix through the partition's rule engine (all rules on), over the first 100,000 messages of a simulated 500-vehicle fleet
/// (real JT/T 808 payloads: 0x0200, heartbeats, 0x0704 back-fills). Each iteration starts from fresh engines.
/// </summary>
[MemoryDiagnoser]
public class TelemetryPathBenchmarks
{
    const int Partitions = 64;
    const int Messages = 100_000;

    Fleet _fleet = null!;
    readonly List<(DateTime Received, byte[] Payload)> _payloads = [];
    TelemetryIngestor _ingestor = null!;
    Sink _sink;

    [GlobalSetup]
    public void Setup()
    {
        _fleet = Fleet.Create(500, 5);
        var simulation = new FleetSimulation(_fleet, new SimulationOptions { Seed = 5 });
        simulation.RunUntil(simulation.Now.AddHours(6), t => _payloads.Add((t.Time.UtcDateTime, t.Payload)));
        if (_payloads.Count < Messages)
        {
            throw new InvalidOperationException($"the simulation made {_payloads.Count} messages, fewer than {Messages}");
        }

        _payloads.RemoveRange(Messages, _payloads.Count - Messages);
    }

    [IterationSetup]
    public void FreshEngines()
    {
        var directory = new TerminalDirectory(_fleet.Vehicles.Select(v => ((long)v.Index + 1, v.Phone)), Partitions);
        var engines = new RuleEngine[Partitions];
        for (int p = 0; p < Partitions; p++)
        {
            var members = directory.VehiclesOf(p).Select(id => _fleet.Vehicles[(int)id - 1]).Select(v =>
            {
                VehicleClassNames.TryParse(v.Class, out var vehicleClass);
                return new Vehicle(v.Id, v.Plate, vehicleClass, v.LongDistance, v.SpeedLimitKmh, v.CarrierId, v.CountyCode);
            }).ToList();
            engines[p] = new RuleEngine(RuleProfile.Default, members);
        }

        _ingestor = new TelemetryIngestor(directory);
        _sink = new Sink { Batch = new StoredPosition[4096], Engines = engines, Events = new EpisodeBuffer(1 << 16) };
    }

    /// <summary>The first 100,000 messages of the six hours; the figure is per message.</summary>
    [Benchmark(OperationsPerInvoke = Messages)]
    public long IngestPerMessage()
    {
        foreach (var (received, payload) in _payloads)
        {
            _ingestor.Ingest(payload, received, ref _sink);
            _sink.Events.Clear();
        }

        return _sink.Positions;
    }

    struct Sink : ITelemetrySink
    {
        public StoredPosition[] Batch;
        public int Count;
        public long Positions;
        public RuleEngine[] Engines;
        public EpisodeBuffer Events;

        public void Position(in StoredPosition position)
        {
            Batch[Count++] = position;
            Positions++;
            if (Count == Batch.Length)
            {
                Count = 0;
            }
        }

        public readonly void Fix(int partition, in Fix fix) => Engines[partition].Process(fix, Events);

        public readonly void Reject(ReadOnlySpan<byte> frame, RejectReason reason, string? detail)
        {
        }
    }
}

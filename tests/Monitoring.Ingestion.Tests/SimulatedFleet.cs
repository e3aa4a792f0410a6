using Monitoring.Rules;
using Monitoring.Simulation;
using Monitoring.Storage;

namespace Monitoring.Ingestion.Tests;

/// <summary>A simulated fleet's MQTT payloads, with the directory and one rule engine per partition, as the service builds them.</summary>
sealed class SimulatedFleet
{
    public SimulatedFleet(int vehicles, TimeSpan duration, int partitions = 8, IReadOnlyDictionary<int, ScenarioKind>? scenarios = null)
    {
        Fleet = Fleet.Create(vehicles, 11);
        var options = new SimulationOptions { Seed = 11, Scenarios = scenarios ?? new Dictionary<int, ScenarioKind>(), EpisodeRate = scenarios is null ? 0.1 : 0 };
        var simulation = new FleetSimulation(Fleet, options);
        simulation.RunUntil(options.Start + duration, t => Payloads.Add((t.Time, t.Payload, t.Positions)));
        GroundTruth = simulation.GroundTruth;
        Directory = new TerminalDirectory(Fleet.Vehicles.Select(v => ((long)v.Index + 1, v.Phone)), partitions);
        Engines = new RuleEngine[partitions];
        for (int p = 0; p < partitions; p++)
        {
            var members = Directory.VehiclesOf(p).Select(id => Fleet.Vehicles[(int)id - 1]).Select(ToRulesVehicle).ToList();
            Engines[p] = new RuleEngine(RuleProfile.Default, members);
        }
    }

    public Fleet Fleet { get; }

    public List<(DateTimeOffset Time, byte[] Payload, int Positions)> Payloads { get; } = [];

    public IReadOnlyList<ActedEpisode> GroundTruth { get; }

    public TerminalDirectory Directory { get; }

    public RuleEngine[] Engines { get; }

    static Vehicle ToRulesVehicle(FleetVehicle v)
    {
        Assert.True(VehicleClassNames.TryParse(v.Class, out var vehicleClass));
        return new Vehicle(v.Id, v.Plate, vehicleClass, v.LongDistance, v.SpeedLimitKmh, v.CarrierId, v.CountyCode);
    }
}

/// <summary>A sink as the service wires it, minus the threads: positions into a batch array, fixes into the partition's engine.</summary>
struct EngineSink : ITelemetrySink
{
    public StoredPosition[] Batch;
    public int BatchCount;
    public long Positions;
    public RuleEngine[] Engines;
    public EpisodeBuffer Events;
    public List<(RejectReason Reason, string? Detail)>? Rejects;

    public void Position(in StoredPosition position)
    {
        Batch[BatchCount++] = position;
        Positions++;
        if (BatchCount == Batch.Length)
        {
            BatchCount = 0;
        }
    }

    public readonly void Fix(int partition, in Fix fix) => Engines[partition].Process(fix, Events);

    public readonly void Reject(ReadOnlySpan<byte> frame, RejectReason reason, string? detail) => Rejects?.Add((reason, detail));
}

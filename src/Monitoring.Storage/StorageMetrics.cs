using System.Diagnostics.Metrics;

namespace Monitoring.Storage;

/// <summary>The storage module's counters (meter <c>Monitoring.Storage</c>), exported by OpenTelemetry at the edge.</summary>
static class StorageMetrics
{
    public static readonly Meter Meter = new("Monitoring.Storage");
    public static readonly Counter<long> PositionsStored = Meter.CreateCounter<long>("monitoring.storage.positions.stored", description: "Positions committed by the writer (duplicates included).");
    public static readonly Counter<long> PositionsSpooled = Meter.CreateCounter<long>("monitoring.storage.positions.spooled", description: "Positions written to the local spool.");
    public static readonly Counter<long> PositionsReplayed = Meter.CreateCounter<long>("monitoring.storage.positions.replayed", description: "Positions replayed from the spool into the database.");
    public static readonly Histogram<double> BatchDuration = Meter.CreateHistogram<double>("monitoring.storage.batch.duration", unit: "ms", description: "Time to make one position batch durable (stored or spooled).");
    public static readonly Counter<long> BatchesRefused = Meter.CreateCounter<long>("monitoring.storage.batches.refused", description: "Batches neither stored nor spooled (spool full).");
}

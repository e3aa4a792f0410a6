using Monitoring.Rules;

namespace Monitoring.Ingestion;

/// <summary>An episode transition from a partition's engine, with the stored vehicle id it is about.</summary>
public readonly record struct EpisodeNotice(long VehicleId, int Partition, EpisodeEvent Event);

using Monitoring.Rules;

namespace Monitoring.Ingestion;

/// <summary>An episode transition from a partition's engine, with the stored vehicle id it is about.</summary>
/// <param name="TriggerTime">Device time (Unix seconds) of the fix whose evaluation produced the transition;
/// <see cref="long.MinValue"/> when the clock alone decided it (offline, an episode no later fix extends).</param>
public readonly record struct EpisodeNotice(long VehicleId, int Partition, EpisodeEvent Event, long TriggerTime = long.MinValue);

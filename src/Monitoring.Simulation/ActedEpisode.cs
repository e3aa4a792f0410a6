namespace Monitoring.Simulation;

/// <summary>
/// Ground truth: an episode the simulator acted out, with the device times of the fixes that make it
/// (e.g. the first and last fix above the limit). The end-to-end tests compare detected episodes with these.
/// </summary>
public sealed record ActedEpisode(
    string VehicleId,
    string Rule,
    DateTimeOffset Start,
    DateTimeOffset? End,
    string? Severity,
    int? LimitKmh,
    double? MaxSpeedKmh,
    string Note);

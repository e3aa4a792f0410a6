namespace Monitoring.Rules;

/// <summary>A monitored vehicle; its position in the engine's list is its dense index.</summary>
/// <param name="SpeedLimitKmh">The vehicle's own limit (e.g. 100 for a coach on expressways).</param>
/// <param name="LongDistance">Runs a long-distance line: subject to the 02:00-05:00 ban.</param>
public sealed record Vehicle(string Id, string Plate, VehicleClass Class, bool LongDistance, int SpeedLimitKmh, string Carrier, string County);

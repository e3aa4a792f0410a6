namespace Monitoring.Simulation;

/// <summary>One fix of a recorded track (FIXES.csv of `monitoring rules replay`), for <see cref="FixReplay"/>.</summary>
public readonly record struct RecordedFix(int VehicleIndex, DateTimeOffset Time, int LatitudeE6, int LongitudeE6, int Speed10, int Direction, bool AccOn, bool Valid, uint Alarm);

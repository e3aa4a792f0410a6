using Monitoring.Simulation;

namespace Monitoring.WebConsole.Tests;

/// <summary>
/// A scripted drive of one fleet vehicle: legs of a speed (and alarm bits) for a while, one fix every 10 s, heading
/// north-east from a county seat. Replayed through <see cref="FixReplay"/> into real 0x0200 frames.
/// </summary>
sealed class Drive(int vehicleIndex, DateTimeOffset start, double latitude, double longitude)
{
    const int IntervalSeconds = 10;
    readonly List<RecordedFix> _fixes = [];
    readonly DateTimeOffset _start = start;
    DateTimeOffset _time = start;
    double _lat = latitude;
    double _lon = longitude;

    public IReadOnlyList<RecordedFix> Fixes => _fixes;

    public DateTimeOffset End => _time;

    public Drive Leg(TimeSpan length, double speedKmh, uint alarm = 0)
    {
        var until = _time + length;
        while (_time < until)
        {
            _fixes.Add(new RecordedFix(vehicleIndex, _time, (int)Math.Round(_lat * 1e6), (int)Math.Round(_lon * 1e6),
                (int)Math.Round(speedKmh * 10), 45, AccOn: true, Valid: true, alarm));
            double km = speedKmh * IntervalSeconds / 3600.0;
            // Heading 45°: half the distance north, half east (a gentle bend every few minutes so the track is not a ruler line).
            double bend = Math.Sin((_time - _start).TotalMinutes / 3) * 0.5;
            _lat += km * Math.Cos(Math.PI / 4 + bend) / 110.574;
            _lon += km * Math.Sin(Math.PI / 4 + bend) / (111.320 * Math.Cos(_lat * Math.PI / 180));
            _time = _time.AddSeconds(IntervalSeconds);
        }

        return this;
    }
}

using System.Globalization;
using Monitoring.Rules;

namespace Monitoring.Host.Rules;

/// <summary>
/// Parses FIXES.csv lines: <c>vehicle,time,lat,lon,speed_kmh,direction,acc,valid</c> (time ISO 8601 with an
/// offset, acc and valid 0/1), plus an optional <c>alarm</c> column with the JT/T 808 alarm DWORD.
/// </summary>
sealed class FixCsv
{
    static readonly string[] Columns = ["vehicle", "time", "lat", "lon", "speed_kmh", "direction", "acc", "valid"];
    static readonly string[] TimeFormats = ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd HH:mm:ssK"];

    readonly IReadOnlyDictionary<string, int> _vehicles;
    readonly List<string> _fields = [];
    int[]? _columns;
    int _alarmColumn = -1;

    public FixCsv(IReadOnlyDictionary<string, int> vehicles) => _vehicles = vehicles;

    public bool HasHeader => _columns is not null;

    /// <summary>Reads the header line; false with the reason if a column is missing.</summary>
    public bool TryReadHeader(string line, out string error)
    {
        error = "";
        CsvLine.TrySplit(line.TrimStart('\uFEFF'), _fields);
        if (!CsvLine.TryMapHeader(_fields, Columns, out var columns, out var missing))
        {
            error = $"header lacks column '{missing}'";
            return false;
        }
        _columns = columns;
        _alarmColumn = _fields.FindIndex(h => string.Equals(h, "alarm", StringComparison.OrdinalIgnoreCase));
        return true;
    }

    public bool TryParse(string line, out Fix fix, out string error)
    {
        fix = default;
        error = "";
        var c = _columns ?? throw new InvalidOperationException("header not read");
        if (!CsvLine.TrySplit(line, _fields))
        {
            error = "unterminated quote";
            return false;
        }
        if (_fields.Count < Columns.Length)
        {
            error = $"expected {Columns.Length} fields, got {_fields.Count}";
            return false;
        }
        if (!_vehicles.TryGetValue(_fields[c[0]], out var vehicle))
        {
            error = $"unknown vehicle '{_fields[c[0]]}'";
            return false;
        }
        var timeText = _fields[c[1]];
        if (!DateTimeOffset.TryParseExact(timeText, TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            || !(timeText.EndsWith('Z') || timeText.LastIndexOfAny(['+', '-']) > timeText.IndexOf(':', StringComparison.Ordinal)))
        {
            error = $"time must be ISO 8601 with an offset, got '{timeText}'";
            return false;
        }
        if (!TryDegrees(_fields[c[2]], 90, out var latitude) || !TryDegrees(_fields[c[3]], 180, out var longitude))
        {
            error = $"lat/lon must be decimal degrees, got '{_fields[c[2]]}', '{_fields[c[3]]}'";
            return false;
        }
        if (!double.TryParse(_fields[c[4]], NumberStyles.Float, CultureInfo.InvariantCulture, out var speed) || double.IsNaN(speed) || Math.Abs(speed) > 6000)
        {
            error = $"speed_kmh must be a number, got '{_fields[c[4]]}'";
            return false;
        }
        if (!int.TryParse(_fields[c[5]], NumberStyles.Integer, CultureInfo.InvariantCulture, out var direction) || direction is < 0 or > 359)
        {
            error = $"direction must be 0-359, got '{_fields[c[5]]}'";
            return false;
        }
        if (!CsvLine.TryParseFlag(_fields[c[6]], out var acc) || !CsvLine.TryParseFlag(_fields[c[7]], out var valid))
        {
            error = $"acc and valid must be 0 or 1, got '{_fields[c[6]]}', '{_fields[c[7]]}'";
            return false;
        }
        uint alarm = 0;
        if (_alarmColumn >= 0 && _alarmColumn < _fields.Count && _fields[_alarmColumn].Length > 0
            && !uint.TryParse(_fields[_alarmColumn], NumberStyles.None, CultureInfo.InvariantCulture, out alarm))
        {
            error = $"alarm must be the alarm DWORD as a decimal number, got '{_fields[_alarmColumn]}'";
            return false;
        }
        fix = new Fix(vehicle, time.ToUnixTimeSeconds(), latitude, longitude, (int)Math.Round(speed * 10), direction, acc, valid, alarm);
        return true;
    }

    static bool TryDegrees(string text, int bound, out int e6)
    {
        e6 = 0;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var degrees) || !(Math.Abs(degrees) <= bound))
        {
            return false;
        }
        e6 = (int)Math.Round(degrees * 1e6);
        return true;
    }
}

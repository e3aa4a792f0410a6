using System.Globalization;
using Monitoring.Rules;

namespace Monitoring.Host.Rules;

/// <summary>
/// Reads VEHICLES.csv: <c>vehicle,plate,class,long_distance,speed_limit_kmh,carrier,county</c> with a header line.
/// A bad line is reported with its number and skipped.
/// </summary>
static class VehicleCsv
{
    static readonly string[] Columns = ["vehicle", "plate", "class", "long_distance", "speed_limit_kmh", "carrier", "county"];

    public static List<Vehicle> Read(TextReader reader, string source, TextWriter errors, ref bool anyBad)
    {
        var vehicles = new List<Vehicle>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var fields = new List<string>();
        int[]? columns = null;
        var number = 0;
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (line.Length == 0 || (number == 1 && line.StartsWith('\uFEFF') && line.Length == 1))
            {
                continue;
            }
            if (!CsvLine.TrySplit(line.TrimStart('\uFEFF'), fields))
            {
                Bad(errors, source, number, "unterminated quote", ref anyBad);
                continue;
            }
            if (columns is null)
            {
                if (!CsvLine.TryMapHeader(fields, Columns, out columns, out var missing))
                {
                    Bad(errors, source, number, $"header lacks column '{missing}'", ref anyBad);
                    return vehicles;
                }
                continue;
            }
            if (fields.Count < Columns.Length)
            {
                Bad(errors, source, number, $"expected {Columns.Length} fields, got {fields.Count}", ref anyBad);
                continue;
            }
            var id = fields[columns[0]];
            if (id.Length == 0 || !ids.Add(id))
            {
                Bad(errors, source, number, id.Length == 0 ? "empty vehicle id" : $"vehicle '{id}' listed twice", ref anyBad);
                continue;
            }
            if (!VehicleClassNames.TryParse(fields[columns[2]], out var vehicleClass))
            {
                ids.Remove(id);
                Bad(errors, source, number, $"unknown class '{fields[columns[2]]}'", ref anyBad);
                continue;
            }
            if (!CsvLine.TryParseFlag(fields[columns[3]], out var longDistance))
            {
                ids.Remove(id);
                Bad(errors, source, number, $"long_distance must be 0 or 1, got '{fields[columns[3]]}'", ref anyBad);
                continue;
            }
            if (!int.TryParse(fields[columns[4]], NumberStyles.None, CultureInfo.InvariantCulture, out var limit) || limit > 200)
            {
                ids.Remove(id);
                Bad(errors, source, number, $"speed_limit_kmh must be a whole number 0-200, got '{fields[columns[4]]}'", ref anyBad);
                continue;
            }
            vehicles.Add(new Vehicle(id, fields[columns[1]], vehicleClass, longDistance, limit, fields[columns[5]], fields[columns[6]]));
        }
        return vehicles;
    }

    internal static void Bad(TextWriter errors, string source, int line, string reason, ref bool anyBad)
    {
        errors.WriteLine($"{source}:{line}: {reason}");
        anyBad = true;
    }
}

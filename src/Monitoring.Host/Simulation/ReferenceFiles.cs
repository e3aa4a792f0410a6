using System.Globalization;
using System.Text;
using Monitoring.Simulation;

namespace Monitoring.Host.Simulation;

/// <summary>
/// Writes the simulated fleet's reference data as CSV: counties.csv, carriers.csv, and vehicles.csv in the
/// VEHICLES.csv layout of `monitoring rules replay` plus the terminal phone and protocol version.
/// </summary>
static class ReferenceFiles
{
    public static void Write(Fleet fleet, string directory)
    {
        Directory.CreateDirectory(directory);
        var counties = new StringBuilder("code,name_zh,name_en,seat_lat,seat_lon\n");
        foreach (var c in fleet.Counties)
        {
            counties.Append(CultureInfo.InvariantCulture, $"{c.Code},{c.NameZh},{c.NameEn},{c.Latitude},{c.Longitude}\n");
        }

        var carriers = new StringBuilder("carrier,name,county\n");
        foreach (var c in fleet.Carriers)
        {
            carriers.Append(CultureInfo.InvariantCulture, $"{c.Id},{c.Name},{c.CountyCode}\n");
        }

        var vehicles = new StringBuilder("vehicle,plate,class,long_distance,speed_limit_kmh,carrier,county,phone,plate_color,protocol\n");
        foreach (var v in fleet.Vehicles)
        {
            vehicles.Append(CultureInfo.InvariantCulture,
                $"{v.Id},{v.Plate},{v.Class},{(v.LongDistance ? 1 : 0)},{v.SpeedLimitKmh},{v.CarrierId},{v.CountyCode},{v.Phone},{v.PlateColor},{(v.ProtocolVersion == Monitoring.Protocol.Jt808Version.V2019 ? 2019 : 2013)}\n");
        }

        File.WriteAllText(Path.Combine(directory, "counties.csv"), counties.ToString());
        File.WriteAllText(Path.Combine(directory, "carriers.csv"), carriers.ToString());
        File.WriteAllText(Path.Combine(directory, "vehicles.csv"), vehicles.ToString());
    }
}

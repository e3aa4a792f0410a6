using System.Globalization;
using Monitoring.Protocol;

namespace Monitoring.Simulation;

/// <summary>
/// A deterministic fleet for a seed: carriers in every county and vehicles of every class, with plates
/// (湘N…), terminals (one in five speaks the 2019 header) and the speed limits of RULES.md §12.
/// </summary>
public sealed class Fleet
{
    static readonly (string Class, double Share, int LimitKmh, double LongDistanceShare)[] Classes =
    [
        ("tourist_coach", 0.20, 100, 0.4),
        ("charter_coach", 0.15, 100, 0.3),
        ("line_coach", 0.30, 100, 0.6),
        ("rural_bus", 0.10, 80, 0.0),
        ("hazmat", 0.15, 80, 0.0),
        ("heavy_truck", 0.10, 90, 0.0),
    ];

    const string PlateLetters = "ABCDEFGHJKLMNPQRSTUVWXYZ";

    Fleet(IReadOnlyList<CountySeat> counties, IReadOnlyList<Carrier> carriers, IReadOnlyList<FleetVehicle> vehicles)
    {
        Counties = counties;
        Carriers = carriers;
        Vehicles = vehicles;
    }

    public IReadOnlyList<CountySeat> Counties { get; }

    public IReadOnlyList<Carrier> Carriers { get; }

    public IReadOnlyList<FleetVehicle> Vehicles { get; }

    public static Fleet Create(int vehicleCount, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(vehicleCount, 1);
        var random = new Random(seed);
        var counties = CountySeat.Huaihua;
        var carriers = new List<Carrier>();
        int carriersPerCounty = Math.Max(1, (int)Math.Ceiling(vehicleCount / 40.0 / counties.Count));
        foreach (var county in counties)
        {
            for (int i = 0; i < carriersPerCounty; i++)
            {
                string kind = (carriers.Count % 3) switch { 0 => "客运", 1 => "旅游运输", _ => "危险货物运输" };
                carriers.Add(new Carrier(
                    string.Create(CultureInfo.InvariantCulture, $"C{carriers.Count + 1:D3}"),
                    $"怀化{county.NameZh}{kind}有限公司{(i > 0 ? (i + 1).ToString(CultureInfo.InvariantCulture) : "")}",
                    county.Code));
            }
        }

        var plates = new HashSet<string>();
        var vehicles = new List<FleetVehicle>(vehicleCount);
        for (int i = 0; i < vehicleCount; i++)
        {
            // Every class appears even in a small fleet: the first six vehicles take one class each.
            var cls = i < Classes.Length ? Classes[i] : Pick(random);
            var carrier = carriers[random.Next(carriers.Count)];
            string plate;
            do
            {
                plate = "湘N" + PlateLetters[random.Next(PlateLetters.Length)] + random.Next(10000).ToString("D4", CultureInfo.InvariantCulture);
            }
            while (!plates.Add(plate));

            var version = i % 5 == 4 ? Jt808Version.V2019 : Jt808Version.V2013;
            var phone = TerminalPhone.Parse(string.Create(CultureInfo.InvariantCulture, $"0149{i:D8}"), version == Jt808Version.V2019 ? TerminalPhone.Length2019 : TerminalPhone.Length2013);
            vehicles.Add(new FleetVehicle(
                i,
                string.Create(CultureInfo.InvariantCulture, $"V{i + 1:D5}"),
                plate,
                2,
                cls.Class,
                random.NextDouble() < cls.LongDistanceShare,
                cls.LimitKmh,
                carrier.Id,
                carrier.CountyCode,
                phone,
                version));
        }

        return new Fleet(counties, carriers, vehicles);
    }

    static (string Class, double Share, int LimitKmh, double LongDistanceShare) Pick(Random random)
    {
        double roll = random.NextDouble();
        foreach (var c in Classes)
        {
            if (roll < c.Share)
            {
                return c;
            }

            roll -= c.Share;
        }

        return Classes[^1];
    }
}

using System.Globalization;
using Monitoring.Simulation;
using Monitoring.Storage;
using Npgsql;

namespace Monitoring.Host.Simulation;

/// <summary>
/// Writes the simulated fleet's reference data into the store (counties, carriers, vehicles with their
/// terminals), so that the service knows every terminal the simulator speaks for. Upserts: safe to repeat.
/// Ids: counties by division code, carriers and vehicles by their number in the fleet (C007 → 7, V00042 → 42).
/// </summary>
static class ReferenceSeeder
{
    public static async Task SeedAsync(Fleet fleet, NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        var store = new ReferenceStore(dataSource);
        foreach (var county in fleet.Counties)
        {
            await store.UpsertAsync(new County(int.Parse(county.Code, CultureInfo.InvariantCulture), county.NameZh), cancellationToken);
        }

        foreach (var carrier in fleet.Carriers)
        {
            await store.UpsertAsync(new Storage.Carrier(CarrierId(carrier.Id), carrier.Name, int.Parse(carrier.CountyCode, CultureInfo.InvariantCulture)), cancellationToken);
        }

        foreach (var v in fleet.Vehicles)
        {
            await store.UpsertAsync(new VehicleRecord(
                VehicleId(v.Id),
                v.Plate,
                v.PlateColor,
                v.Class,
                v.LongDistance,
                (short)v.SpeedLimitKmh,
                v.Phone.ToString(),
                CarrierId(v.CarrierId),
                int.Parse(v.CountyCode, CultureInfo.InvariantCulture)), cancellationToken);
        }
    }

    public static long VehicleId(string id) => long.Parse(id.AsSpan(1), CultureInfo.InvariantCulture);

    public static long CarrierId(string id) => long.Parse(id.AsSpan(1), CultureInfo.InvariantCulture);
}

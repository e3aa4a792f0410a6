using Monitoring.Storage.Tests.Infrastructure;
using NetTopologySuite.Geometries;

namespace Monitoring.Storage.Tests;

[Collection(PostgresCollection.Name)]
public sealed class ZoneStoreTests(PostgresFixture postgres)
{
    static readonly GeometryFactory Wgs84 = new(new PrecisionModel(), 4326);

    [Fact]
    public async Task Speed_zones_and_restricted_areas_read_back_as_NetTopologySuite_geometries()
    {
        await using var db = await postgres.CreateDatabaseAsync();
        await Zones_round_trip(StorageContext.Plain(db));
    }

    [Fact]
    public async Task A_geometry_in_another_reference_system_is_refused()
    {
        await using var db = await postgres.CreateDatabaseAsync();
        var mercator = new GeometryFactory(new PrecisionModel(), 3857).CreatePoint(new Coordinate(1, 1)).Buffer(1);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => new ZoneStore(db.DataSource).AddSpeedZoneAsync("x", 60, mercator));

        Assert.Contains("SRID 3857", error.Message, StringComparison.Ordinal);
    }

    internal static async Task Zones_round_trip(StorageContext context)
    {
        var store = new ZoneStore(context.DataSource);
        var square = Wgs84.CreatePolygon([new(104.0, 30.0), new(104.1, 30.0), new(104.1, 30.1), new(104.0, 30.1), new(104.0, 30.0)]);
        var road = Wgs84.CreateLineString([new(104.0, 30.0), new(104.2, 30.2)]);

        long zone = await store.AddSpeedZoneAsync("二环高架", 60, square);
        long area = await store.AddRestrictedAreaAsync("市区危化品禁行区", "hazmat_ban", null, new TimeOnly(7, 0), new TimeOnly(21, 0), road);

        var zones = await store.SpeedZonesAsync();
        var areas = await store.RestrictedAreasAsync();
        var z = Assert.Single(zones);
        Assert.Equal((zone, "二环高架", (short)60), (z.Id, z.Name, z.SpeedLimitKmh));
        Assert.True(square.EqualsExact(z.Geometry));
        Assert.Equal(4326, z.Geometry.SRID);
        var a = Assert.Single(areas);
        Assert.Equal((area, "hazmat_ban", (short?)null, new TimeOnly(7, 0), new TimeOnly(21, 0)), (a.Id, a.Kind, a.SpeedLimitKmh, a.ActiveFrom!.Value, a.ActiveTo!.Value));
        Assert.True(road.EqualsExact(a.Geometry));
        // The zone is usable by PostGIS itself: the point 104.05, 30.05 is inside.
        Assert.True(await context.ScalarAsync<bool>("SELECT ST_Contains(geom, ST_SetSRID(ST_MakePoint(104.05, 30.05), 4326)) FROM speed_zones"));
    }
}

namespace Monitoring.Rules.Tests;

public sealed class SpeedZoneIndexTests
{
    const string Zones = """
    {
      "type": "FeatureCollection",
      "features": [
        { "type": "Feature", "properties": { "name": "town", "speed_limit_kmh": 40 },
          "geometry": { "type": "Polygon", "coordinates": [
            [[110.0, 27.5], [110.1, 27.5], [110.1, 27.6], [110.0, 27.6], [110.0, 27.5]],
            [[110.04, 27.54], [110.06, 27.54], [110.06, 27.56], [110.04, 27.56], [110.04, 27.54]] ] } },
        { "type": "Feature", "properties": { "name": "school", "speed_limit_kmh": 30 },
          "geometry": { "type": "Polygon", "coordinates": [[[110.0, 27.5], [110.01, 27.5], [110.01, 27.51], [110.0, 27.51], [110.0, 27.5]]] } },
        { "type": "Feature", "properties": { "name": "G65 east-west", "speed_limit_kmh": 80, "buffer_m": 30 },
          "geometry": { "type": "LineString", "coordinates": [[116.0, 40.0], [117.0, 40.0]] } },
        { "type": "Feature", "properties": { "name": "G4 north-south", "speed_limit_kmh": 90, "buffer_m": 30 },
          "geometry": { "type": "LineString", "coordinates": [[113.0, 30.0], [113.0, 31.0]] } }
      ]
    }
    """;

    static SpeedZoneIndex Index()
    {
        Assert.True(SpeedZoneIndex.TryReadGeoJson(Zones, out var index, out var error), error);
        return index;
    }

    static int Limit(SpeedZoneIndex index, double latitude, double longitude) =>
        index.Limit10At((int)Math.Round(latitude * 1e6), (int)Math.Round(longitude * 1e6));

    [Fact]
    public void A_point_in_a_polygon_gets_its_limit_and_a_hole_does_not()
    {
        var index = Index();
        Assert.Equal(400, Limit(index, 27.58, 110.08));
        Assert.Equal(int.MaxValue, Limit(index, 27.55, 110.05));
        Assert.Equal(int.MaxValue, Limit(index, 27.7, 110.05));
    }

    [Fact]
    public void Where_zones_overlap_the_lowest_limit_wins()
    {
        Assert.Equal(300, Limit(Index(), 27.505, 110.005));
    }

    [Fact]
    public void A_road_line_is_buffered_by_metres_in_both_directions()
    {
        var index = Index();
        // 25 m is inside a 30 m buffer and 35 m is not, north of an east-west line at 40°N ...
        Assert.Equal(800, Limit(index, 40.0 + 25 / 111_320.0, 116.5));
        Assert.Equal(int.MaxValue, Limit(index, 40.0 + 35 / 111_320.0, 116.5));
        // ... and east of a north-south line at 30.5°N, where a degree of longitude is only 96 km.
        var metresPerDegreeLongitude = 111_320.0 * Math.Cos(30.5 * Math.PI / 180);
        Assert.Equal(900, Limit(index, 30.5, 113.0 + 25 / metresPerDegreeLongitude));
        Assert.Equal(int.MaxValue, Limit(index, 30.5, 113.0 + 35 / metresPerDegreeLongitude));
    }

    [Theory]
    [InlineData("""{ "type": "FeatureCollection", "features": [ { "type": "Feature", "properties": {}, "geometry": { "type": "Point", "coordinates": [110, 27] } } ] }""", "speed_limit_kmh")]
    [InlineData("""{ "type": "FeatureCollection", "features": [ { "type": "Feature", "properties": { "speed_limit_kmh": 60 }, "geometry": { "type": "Point", "coordinates": [110, 27] } } ] }""", "Point")]
    [InlineData("""not json""", "")]
    public void Bad_zones_are_refused_with_a_reason(string json, string reason)
    {
        Assert.False(SpeedZoneIndex.TryReadGeoJson(json, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
        Assert.NotEmpty(error);
    }
}

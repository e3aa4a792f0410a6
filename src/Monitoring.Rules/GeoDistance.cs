namespace Monitoring.Rules;

/// <summary>Ground distance between two fixes, for drift detection.</summary>
public static class GeoDistance
{
    const double EarthRadiusMetres = 6_371_008.8;
    const double RadiansPerE6 = Math.PI / 180 / 1_000_000;

    /// <summary>
    /// Equirectangular approximation: within 0.5 % of the great circle for the few kilometres
    /// between consecutive fixes, and still orders large jumps correctly, at a fraction of haversine's cost.
    /// </summary>
    public static double Metres(int latitude1E6, int longitude1E6, int latitude2E6, int longitude2E6)
    {
        var meanLatitude = (latitude1E6 + (double)latitude2E6) * 0.5 * RadiansPerE6;
        var dx = (longitude2E6 - (double)longitude1E6) * RadiansPerE6 * Math.Cos(meanLatitude);
        var dy = (latitude2E6 - (double)latitude1E6) * RadiansPerE6;
        return EarthRadiusMetres * Math.Sqrt(dx * dx + dy * dy);
    }
}

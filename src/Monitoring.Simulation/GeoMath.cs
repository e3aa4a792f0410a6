namespace Monitoring.Simulation;

/// <summary>Distances and movement on the sphere, good enough for county-scale trips.</summary>
static class GeoMath
{
    const double EarthRadiusKm = 6371.0088;

    public static double DistanceKm(double lat1, double lon1, double lat2, double lon2)
    {
        double p1 = double.DegreesToRadians(lat1);
        double p2 = double.DegreesToRadians(lat2);
        double dp = p2 - p1;
        double dl = double.DegreesToRadians(lon2 - lon1);
        double a = Math.Sin(dp / 2) * Math.Sin(dp / 2) + Math.Cos(p1) * Math.Cos(p2) * Math.Sin(dl / 2) * Math.Sin(dl / 2);
        return 2 * EarthRadiusKm * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }

    public static double BearingDegrees(double lat1, double lon1, double lat2, double lon2)
    {
        double p1 = double.DegreesToRadians(lat1);
        double p2 = double.DegreesToRadians(lat2);
        double dl = double.DegreesToRadians(lon2 - lon1);
        double y = Math.Sin(dl) * Math.Cos(p2);
        double x = Math.Cos(p1) * Math.Sin(p2) - Math.Sin(p1) * Math.Cos(p2) * Math.Cos(dl);
        return (double.RadiansToDegrees(Math.Atan2(y, x)) + 360) % 360;
    }

    /// <summary>Moves <paramref name="km"/> towards the target (linear in degrees: trips are tens of km).</summary>
    public static (double Lat, double Lon, bool Arrived) MoveTowards(double lat, double lon, double targetLat, double targetLon, double km)
    {
        double remaining = DistanceKm(lat, lon, targetLat, targetLon);
        if (remaining <= km || remaining < 1e-6)
        {
            return (targetLat, targetLon, true);
        }

        double f = km / remaining;
        return (lat + (targetLat - lat) * f, lon + (targetLon - lon) * f, false);
    }
}

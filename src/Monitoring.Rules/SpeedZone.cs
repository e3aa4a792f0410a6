using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Utilities;

namespace Monitoring.Rules;

/// <summary>
/// An area with its own speed limit: a polygon, or a road line buffered to a corridor at load time.
/// Rings are cached as coordinate arrays so the per-fix point-in-polygon test allocates nothing.
/// </summary>
public sealed class SpeedZone
{
    const double MetresPerDegreeLatitude = 111_320;

    readonly double[] _xs;
    readonly double[] _ys;
    readonly int[] _ringStarts;

    SpeedZone(string name, int limitKmh, double[] xs, double[] ys, int[] ringStarts, Envelope envelope)
    {
        Name = name;
        LimitKmh = limitKmh;
        _xs = xs;
        _ys = ys;
        _ringStarts = ringStarts;
        MinX = envelope.MinX;
        MaxX = envelope.MaxX;
        MinY = envelope.MinY;
        MaxY = envelope.MaxY;
    }

    public string Name { get; }
    public int LimitKmh { get; }
    public double MinX { get; }
    public double MaxX { get; }
    public double MinY { get; }
    public double MaxY { get; }

    /// <summary>
    /// A zone from a (multi)polygon, or from a (multi)line buffered by <paramref name="bufferMetres"/> either side.
    /// Coordinates are lon/lat degrees (GeoJSON order); the buffer is converted to degrees at the line's
    /// latitude by scaling longitudes by cos(latitude) around the buffer, so the corridor has the same width east-west as north-south.
    /// </summary>
    public static SpeedZone FromGeometry(string name, Geometry geometry, int limitKmh, double bufferMetres)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limitKmh);
        if (geometry is ILineal)
        {
            if (bufferMetres <= 0)
            {
                throw new ArgumentOutOfRangeException(nameof(bufferMetres), "a road line needs a positive buffer width");
            }
            var cos = Math.Cos(geometry.EnvelopeInternal.Centre.Y * Math.PI / 180);
            var squash = AffineTransformation.ScaleInstance(cos, 1);
            var corridor = squash.Transform(geometry).Buffer(bufferMetres / MetresPerDegreeLatitude);
            geometry = AffineTransformation.ScaleInstance(1 / cos, 1).Transform(corridor);
        }
        if (geometry is not IPolygonal)
        {
            throw new ArgumentException($"zone '{name}': expected a polygon or a line, got {geometry.GeometryType}", nameof(geometry));
        }

        var rings = new List<LineString>();
        for (var i = 0; i < geometry.NumGeometries; i++)
        {
            var polygon = (Polygon)geometry.GetGeometryN(i);
            rings.Add(polygon.ExteriorRing);
            rings.AddRange(polygon.InteriorRings);
        }
        var total = 0;
        foreach (var ring in rings)
        {
            total += ring.NumPoints;
        }
        var xs = new double[total];
        var ys = new double[total];
        var starts = new int[rings.Count + 1];
        var k = 0;
        for (var r = 0; r < rings.Count; r++)
        {
            starts[r] = k;
            foreach (var c in rings[r].Coordinates)
            {
                xs[k] = c.X;
                ys[k] = c.Y;
                k++;
            }
        }
        starts[rings.Count] = k;
        return new SpeedZone(name, limitKmh, xs, ys, starts, geometry.EnvelopeInternal);
    }

    /// <summary>Even-odd ray casting over all rings: holes and multipolygon parts come out right.</summary>
    public bool Contains(double x, double y)
    {
        if (x < MinX || x > MaxX || y < MinY || y > MaxY)
        {
            return false;
        }
        var inside = false;
        for (var r = 0; r + 1 < _ringStarts.Length; r++)
        {
            var start = _ringStarts[r];
            var end = _ringStarts[r + 1];
            for (int i = start, j = end - 1; i < end; j = i++)
            {
                var yi = _ys[i];
                var yj = _ys[j];
                if ((yi > y) != (yj > y) && x < (_xs[j] - _xs[i]) * (y - yi) / (yj - yi) + _xs[i])
                {
                    inside = !inside;
                }
            }
        }
        return inside;
    }
}

using System.Globalization;
using System.Text.Json;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;

namespace Monitoring.Rules;

/// <summary>
/// Looks up the lowest zone limit at a point without allocating. NetTopologySuite reads the GeoJSON and
/// buffers the road lines; for the per-fix lookup its STRtree (queried with a visitor: 0 B in steady state)
/// measured about 250 ns per query over 1,000 zones, more than the whole per-fix budget, so the zones'
/// envelopes are rasterised once into a uniform grid of candidate lists (CSR layout) instead: a lookup
/// scans one cell and ray-casts the candidates.
/// Each cell lists its zones by rising limit, so the first zone that contains the point is the answer;
/// envelopes sit in flat arrays so most candidates are rejected without touching the zone itself.
/// </summary>
public sealed class SpeedZoneIndex
{
    const int MaxCells = 1 << 21;

    readonly SpeedZone[] _zones;
    readonly double[] _envelopes;
    readonly double _minX;
    readonly double _minY;
    readonly double _cellSize;
    readonly int _columns;
    readonly int _rows;
    readonly int[] _cellStarts;
    readonly int[] _cellZones;

    public SpeedZoneIndex(IReadOnlyList<SpeedZone> zones)
    {
        ArgumentNullException.ThrowIfNull(zones);
        _zones = [.. zones];
        _envelopes = new double[_zones.Length * 4];
        for (var i = 0; i < _zones.Length; i++)
        {
            _envelopes[4 * i] = _zones[i].MinX;
            _envelopes[4 * i + 1] = _zones[i].MaxX;
            _envelopes[4 * i + 2] = _zones[i].MinY;
            _envelopes[4 * i + 3] = _zones[i].MaxY;
        }
        if (_zones.Length == 0)
        {
            _cellSize = 1;
            _cellStarts = [0, 0];
            _cellZones = [];
            _columns = _rows = 1;
            return;
        }
        double minX = double.MaxValue, minY = double.MaxValue, maxX = double.MinValue, maxY = double.MinValue;
        double area = 0;
        foreach (var z in _zones)
        {
            minX = Math.Min(minX, z.MinX);
            minY = Math.Min(minY, z.MinY);
            maxX = Math.Max(maxX, z.MaxX);
            maxY = Math.Max(maxY, z.MaxY);
            area += Math.Max(z.MaxX - z.MinX, 1e-6) * Math.Max(z.MaxY - z.MinY, 1e-6);
        }
        // Cells about the size of an average zone keep candidate lists short; cap the grid's memory.
        var cell = Math.Max(Math.Sqrt(area / _zones.Length), 1e-4);
        while ((long)(Cells(maxX - minX, cell) * Cells(maxY - minY, cell)) > MaxCells)
        {
            cell *= 2;
        }
        _minX = minX;
        _minY = minY;
        _cellSize = cell;
        _columns = Cells(maxX - minX, cell);
        _rows = Cells(maxY - minY, cell);

        var counts = new int[_columns * _rows + 1];
        for (var pass = 0; pass < 2; pass++)
        {
            for (var zi = 0; zi < _zones.Length; zi++)
            {
                var z = _zones[zi];
                int c0 = Column(z.MinX), c1 = Column(z.MaxX), r0 = Row(z.MinY), r1 = Row(z.MaxY);
                for (var r = r0; r <= r1; r++)
                {
                    for (var c = c0; c <= c1; c++)
                    {
                        var cellIndex = r * _columns + c;
                        if (pass == 0)
                        {
                            counts[cellIndex + 1]++;
                        }
                        else
                        {
                            _cellZones![counts[cellIndex]++] = zi;
                        }
                    }
                }
            }
            if (pass == 0)
            {
                for (var i = 1; i < counts.Length; i++)
                {
                    counts[i] += counts[i - 1];
                }
                _cellStarts = (int[])counts.Clone();
                _cellZones = new int[counts[^1]];
            }
        }
        _cellStarts ??= [];
        _cellZones ??= [];
        var limits = new int[_cellZones.Length];
        for (var i = 0; i < limits.Length; i++)
        {
            limits[i] = _zones[_cellZones[i]].LimitKmh;
        }
        for (var cellIndex = 0; cellIndex + 1 < _cellStarts.Length; cellIndex++)
        {
            Array.Sort(limits, _cellZones, _cellStarts[cellIndex], _cellStarts[cellIndex + 1] - _cellStarts[cellIndex]);
        }
    }

    public static SpeedZoneIndex Empty { get; } = new([]);

    public int Count => _zones.Length;

    public IReadOnlyList<SpeedZone> Zones => _zones;

    /// <summary>The lowest limit of the zones containing the point, in 0.1 km/h; <see cref="int.MaxValue"/> if none.</summary>
    public int Limit10At(int latitudeE6, int longitudeE6)
    {
        if (_zones.Length == 0)
        {
            return int.MaxValue;
        }
        var x = longitudeE6 / 1e6;
        var y = latitudeE6 / 1e6;
        var c = (int)Math.Floor((x - _minX) / _cellSize);
        var r = (int)Math.Floor((y - _minY) / _cellSize);
        if ((uint)c >= (uint)_columns || (uint)r >= (uint)_rows)
        {
            return int.MaxValue;
        }
        var cellIndex = r * _columns + c;
        for (var i = _cellStarts[cellIndex]; i < _cellStarts[cellIndex + 1]; i++)
        {
            var z = _cellZones[i];
            var e = 4 * z;
            if (x >= _envelopes[e] && x <= _envelopes[e + 1] && y >= _envelopes[e + 2] && y <= _envelopes[e + 3] && _zones[z].Contains(x, y))
            {
                return _zones[z].LimitKmh * 10;
            }
        }
        return int.MaxValue;
    }

    /// <summary>
    /// Reads a GeoJSON FeatureCollection: each feature has a <c>speed_limit_kmh</c> property, a Polygon/MultiPolygon
    /// or a LineString/MultiLineString geometry, and for lines <c>buffer_m</c> (metres either side, default 30).
    /// </summary>
    public static bool TryReadGeoJson(string json, out SpeedZoneIndex index, out string error)
    {
        index = Empty;
        error = "";
        try
        {
            var options = new JsonSerializerOptions();
            options.Converters.Add(new GeoJsonConverterFactory());
            var collection = JsonSerializer.Deserialize<FeatureCollection>(json, options);
            if (collection is null)
            {
                error = "expected a GeoJSON FeatureCollection";
                return false;
            }
            var zones = new List<SpeedZone>(collection.Count);
            for (var i = 0; i < collection.Count; i++)
            {
                var feature = collection[i];
                var name = Attribute(feature, "name") is { } n ? Convert.ToString(n, CultureInfo.InvariantCulture) ?? $"#{i}" : $"#{i}";
                if (feature.Geometry is null)
                {
                    error = $"feature {i} ({name}): no geometry";
                    return false;
                }
                if (Number(feature, "speed_limit_kmh") is not { } limit || limit <= 0)
                {
                    error = $"feature {i} ({name}): missing or invalid speed_limit_kmh";
                    return false;
                }
                var buffer = Number(feature, "buffer_m") ?? 30;
                if (feature.Geometry is not (IPolygonal or ILineal))
                {
                    error = $"feature {i} ({name}): unsupported geometry {feature.Geometry.GeometryType}";
                    return false;
                }
                zones.Add(SpeedZone.FromGeometry(name, feature.Geometry, (int)limit, buffer));
            }
            index = new SpeedZoneIndex(zones);
            return true;
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException or FormatException or NotSupportedException)
        {
            error = e.Message;
            return false;
        }
    }

    static object? Attribute(IFeature feature, string name) =>
        feature.Attributes is { } attributes && attributes.Exists(name) ? attributes[name] : null;

    static double? Number(IFeature feature, string name) => Attribute(feature, name) switch
    {
        null => null,
        JsonElement { ValueKind: JsonValueKind.Number } e => e.GetDouble(),
        JsonElement => null,
        IConvertible c => c.ToDouble(CultureInfo.InvariantCulture),
        _ => null,
    };

    int Column(double x) => Math.Clamp((int)Math.Floor((x - _minX) / _cellSize), 0, _columns - 1);

    int Row(double y) => Math.Clamp((int)Math.Floor((y - _minY) / _cellSize), 0, _rows - 1);

    static int Cells(double extent, double cell) => Math.Max(1, (int)Math.Ceiling(extent / cell) + 1);
}

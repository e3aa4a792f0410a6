using System.Globalization;

namespace Monitoring.Simulation;

/// <summary>A county-level division and its seat (shared/data/huaihua-places.tsv), where simulated trips start and end.</summary>
public sealed record CountySeat(string Code, string NameZh, string NameEn, double Latitude, double Longitude)
{
    /// <summary>The twelve county-level divisions of Huaihua (plate prefix 湘N), embedded with the simulator.</summary>
    public static IReadOnlyList<CountySeat> Huaihua { get; } = Load();

    static List<CountySeat> Load()
    {
        using var stream = typeof(CountySeat).Assembly.GetManifestResourceStream("huaihua-places.tsv")
            ?? throw new InvalidOperationException("huaihua-places.tsv is not embedded.");
        using var reader = new StreamReader(stream);
        var seats = new List<CountySeat>();
        while (reader.ReadLine() is { } line)
        {
            if (line.StartsWith('#') || line.StartsWith("code", StringComparison.Ordinal) || line.Length == 0)
            {
                continue;
            }

            string[] c = line.Split('\t');
            seats.Add(new CountySeat(c[0], c[1], c[2], double.Parse(c[4], CultureInfo.InvariantCulture), double.Parse(c[5], CultureInfo.InvariantCulture)));
        }

        return seats;
    }
}

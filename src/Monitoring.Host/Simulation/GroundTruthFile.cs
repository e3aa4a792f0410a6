using System.Text.Encodings.Web;
using System.Text.Json;
using Monitoring.Simulation;

namespace Monitoring.Host.Simulation;

/// <summary>The simulator's ground truth as JSON lines, one acted episode each, times in Beijing time.</summary>
static class GroundTruthFile
{
    static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void Write(IEnumerable<ActedEpisode> episodes, TextWriter writer)
    {
        var beijing = TimeSpan.FromHours(8);
        foreach (var e in episodes)
        {
            writer.WriteLine(JsonSerializer.Serialize(e with { Start = e.Start.ToOffset(beijing), End = e.End?.ToOffset(beijing) }, Options));
        }
    }
}

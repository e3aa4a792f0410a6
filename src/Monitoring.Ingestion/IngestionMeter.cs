using System.Diagnostics.Metrics;
using Monitoring.Rules;

namespace Monitoring.Ingestion;

/// <summary>Counters the pipeline records as things happen (the Host adds observable gauges on the same meter name).</summary>
public static class IngestionMeter
{
    public const string Name = "Monitoring.Ingestion";

    static readonly Meter Meter = new(Name);

    static readonly Counter<long> Episodes = Meter.CreateCounter<long>("monitoring.episodes", description: "Episode transitions by rule and transition");

    public static void Episode(in EpisodeEvent e) =>
        Episodes.Add(1, new KeyValuePair<string, object?>("rule", e.Rule.ToName()), new KeyValuePair<string, object?>("transition", e.Transition.ToString().ToLowerInvariant()));
}

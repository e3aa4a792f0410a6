using System.Diagnostics.Metrics;
using Monitoring.Ingestion;
using Monitoring.Protocol;

namespace Monitoring.Host.Service;

/// <summary>
/// The pipeline's figures as BCL metrics (meter <c>Monitoring.Ingestion</c>), exported by OpenTelemetry at the
/// edge: messages, frames by status, positions, queue depths, unacknowledged messages, episodes, dead letters.
/// </summary>
sealed class IngestionMetrics : IDisposable
{
    public const string MeterName = IngestionMeter.Name;

    readonly Meter _meter = new(MeterName);

    public IngestionMetrics(IngestionService service)
    {
        _meter.CreateObservableCounter("monitoring.mqtt.messages", () => service.Messages, description: "MQTT messages received on the uplink");
        _meter.CreateObservableCounter("monitoring.positions", () => service.Positions, description: "Positions decoded and handed to storage");
        _meter.CreateObservableCounter("monitoring.frames", () => FramesByStatus(service), description: "JT/T 808 frames by decode status");
        _meter.CreateObservableCounter("monitoring.episodes.recorded", () => service.EpisodesRecorded, description: "Episode transitions stored");
        _meter.CreateObservableCounter("monitoring.rules.future_fixes", () => service.Workers.Sum(w => w.FutureFixes), description: "Fixes not evaluated: device time ahead of the server's clock (stored all the same)");
        _meter.CreateObservableCounter("monitoring.dead_letters", () => service.DeadLettersRecorded, description: "Rejected frames kept for inspection");
        _meter.CreateObservableGauge("monitoring.rules.queue_depth", () => service.Workers.Select((w, i) => new Measurement<int>(w.QueueDepth, new KeyValuePair<string, object?>("worker", i))), description: "Fixes waiting per rule worker");
        _meter.CreateObservableGauge("monitoring.mqtt.unacknowledged", () => service.Sessions.Sum(s => s.Unacknowledged), description: "Messages waiting for their batch to be durable");
        _meter.CreateObservableGauge("monitoring.mqtt.connected_sessions", () => service.Sessions.Count(s => s.IsConnected), description: "Partition sessions connected to the broker");
    }

    static IEnumerable<Measurement<long>> FramesByStatus(IngestionService service)
    {
        foreach (var status in Enum.GetValues<Jt808Status>())
        {
            long count = service.Counters.Sum(c => c.Frames(status));
            yield return new Measurement<long>(count, new KeyValuePair<string, object?>("status", status.ToString()));
        }
    }

    public void Dispose() => _meter.Dispose();
}

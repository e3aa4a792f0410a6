using System.Diagnostics.Metrics;

namespace Monitoring.Alerts;

/// <summary>What the relays deliver, as BCL metrics (meter <c>Monitoring.Alerts</c>), exported by OpenTelemetry at the edge.</summary>
public static class AlertsMeter
{
    public const string Name = "Monitoring.Alerts";

    static readonly Meter Meter = new(Name);
    static readonly Counter<long> WebhookAttempts = Meter.CreateCounter<long>("monitoring.webhooks.attempts", description: "Webhook POSTs by outcome (delivered, failed)");
    static readonly Counter<long> AlertsPublished = Meter.CreateCounter<long>("monitoring.alerts.published", description: "Alert events published on the MQTT alert topics");

    internal static void WebhookAttempt(bool delivered) =>
        WebhookAttempts.Add(1, new KeyValuePair<string, object?>("outcome", delivered ? "delivered" : "failed"));

    internal static void AlertPublished() => AlertsPublished.Add(1);
}

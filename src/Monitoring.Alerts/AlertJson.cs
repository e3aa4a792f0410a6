using System.Text.Encodings.Web;
using System.Text.Json;
using Monitoring.Storage;

namespace Monitoring.Alerts;

/// <summary>
/// The JSON body of an alert message, the same for webhooks and the MQTT alert topics (docs/alerts.md,
/// protocols/mqtt/asyncapi.yaml <c>AlertEvent</c>). Field names follow the API's Alert where they overlap; the
/// event's own fields (<c>eventId</c>, <c>event</c>, <c>severity</c>, <c>late</c>) are those of the transition,
/// the episode's figures (<c>end</c>, <c>limitKmh</c>, <c>maxSpeedKmh</c>) are as stored when the body is built.
/// Times are ISO 8601 UTC with <c>Z</c>; text is UTF-8, not \u-escaped.
/// </summary>
public static class AlertJson
{
    static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The wire name of a transition: opened, escalated, closed (also the last level of the MQTT topic).</summary>
    public static string EventName(EpisodeState transition) => transition switch
    {
        EpisodeState.Opened => "opened",
        EpisodeState.Escalated => "escalated",
        EpisodeState.Closed => "closed",
        _ => throw new ArgumentOutOfRangeException(nameof(transition), transition, "Unknown episode transition."),
    };

    public static byte[] Serialize(AlertEventDetail alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var e = alert.Event;
        using var stream = new MemoryStream(512);
        using (var json = new Utf8JsonWriter(stream, Options))
        {
            json.WriteStartObject();
            json.WriteNumber("eventId", e.Id);
            json.WriteString("event", EventName(e.Transition));
            json.WriteNumber("vehicleId", e.Episode.VehicleId);
            WriteOrNull(json, "plate", alert.Plate);
            if (alert.PlateColour is { } colour)
            {
                json.WriteNumber("plateColour", colour);
            }
            else
            {
                json.WriteNull("plateColour");
            }

            json.WriteString("rule", e.Episode.Rule);
            json.WriteNumber("severity", e.Severity);
            json.WriteString("start", Utc(e.Episode.StartTime));
            if (alert.EndTime is { } end)
            {
                json.WriteString("end", Utc(end));
                json.WriteNumber("durationSeconds", (long)Math.Round((end - e.Episode.StartTime).TotalSeconds));
            }
            else
            {
                json.WriteNull("end");
                json.WriteNull("durationSeconds");
            }

            WriteOrNull(json, "maxSpeedKmh", alert.MaxSpeedKmh);
            WriteOrNull(json, "limitKmh", alert.LimitKmh);
            json.WriteBoolean("late", e.Late);
            json.WriteNumber("carrierId", e.CarrierId);
            WriteOrNull(json, "carrierName", alert.CarrierName);
            json.WriteNumber("countyId", e.CountyId);
            WriteOrNull(json, "countyName", alert.CountyName);
            json.WriteString("createdAt", Utc(e.CreatedAt));
            json.WriteEndObject();
        }

        return stream.ToArray();
    }

    static DateTime Utc(DateTime time) =>
        time.Kind == DateTimeKind.Local ? time.ToUniversalTime() : DateTime.SpecifyKind(time, DateTimeKind.Utc);

    static void WriteOrNull(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }

    static void WriteOrNull(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}

using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Monitoring.Rules;

namespace Monitoring.Host.Rules;

/// <summary>
/// One episode as one JSON line, with the names of issue #3:
/// <c>{"vehicle":"V1","rule":"overspeed","start":"2026-03-02T10:00:30+08:00","end":…,"severity":"L2","limitKmh":100,"maxSpeedKmh":112.0,"late":false}</c>
/// followed by plate, class, carrier, county and, where they apply, alarm and drivingMinutes.
/// </summary>
static class EpisodeJson
{
    static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Format(Episode episode, Vehicle vehicle)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, Options))
        {
            json.WriteStartObject();
            json.WriteString("vehicle", vehicle.Id);
            json.WriteString("rule", episode.Rule.ToName());
            json.WriteString("start", Time(episode.Start));
            if (episode.End is { } end)
            {
                json.WriteString("end", Time(end));
            }
            else
            {
                json.WriteNull("end");
            }
            json.WriteString("severity", episode.Severity.ToName());
            json.WritePropertyName("limitKmh");
            if (episode.Limit10 > 0)
            {
                WriteKmh(json, episode.Limit10, wholeIfWhole: true);
            }
            else
            {
                json.WriteNullValue();
            }
            json.WritePropertyName("maxSpeedKmh");
            if (episode.MaxSpeed10 > 0)
            {
                WriteKmh(json, episode.MaxSpeed10, wholeIfWhole: false);
            }
            else
            {
                json.WriteNullValue();
            }
            json.WriteBoolean("late", episode.Late);
            json.WriteString("plate", vehicle.Plate);
            json.WriteString("class", vehicle.Class.ToName());
            json.WriteString("carrier", vehicle.Carrier);
            json.WriteString("county", vehicle.County);
            if (episode.Rule == RuleKind.TerminalAlarm)
            {
                json.WriteString("alarm", TerminalAlarmNames.ToName(episode.AlarmBit));
                json.WriteNumber("alarmBit", episode.AlarmBit);
            }
            if (episode.Rule is RuleKind.FatigueContinuous or RuleKind.FatigueCumulative)
            {
                json.WriteNumber("drivingMinutes", episode.DrivingSeconds / 60);
            }
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
    }

    static string Time(long unixSeconds) =>
        LocalClock.ToLocal(unixSeconds).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    // Limits print as whole numbers when they are (100), speeds always with one decimal (112.0).
    static void WriteKmh(Utf8JsonWriter json, int value10, bool wholeIfWhole)
    {
        if (wholeIfWhole && value10 % 10 == 0)
        {
            json.WriteNumberValue(value10 / 10);
        }
        else
        {
            json.WriteRawValue((value10 / 10.0).ToString("0.0", CultureInfo.InvariantCulture));
        }
    }
}

using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Monitoring.Storage;

namespace Monitoring.Api.Alerts;

/// <summary>
/// An alert's public id: base64url of "vehicle|rule|start in Unix microseconds". Opaque to clients, URL-safe, and
/// decoded without a lookup; the scoped query that follows decides whether the caller may see it.
/// </summary>
static class AlertId
{
    public static string Format(EpisodeKey key)
    {
        long micros = (key.StartTime.Ticks - DateTime.UnixEpoch.Ticks) / 10;
        string text = string.Create(CultureInfo.InvariantCulture, $"{key.VehicleId}|{key.Rule}|{micros}");
        return Base64Url.EncodeToString(Encoding.UTF8.GetBytes(text));
    }

    public static bool TryParse(string? id, out EpisodeKey key)
    {
        key = default;
        if (string.IsNullOrEmpty(id) || id.Length > 400 || !Base64Url.IsValid(id))
        {
            return false;
        }

        string text;
        try
        {
            text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(id));
        }
        catch (FormatException)
        {
            return false;
        }

        string[] parts = text.Split('|');
        if (parts.Length != 3 || parts[1].Length == 0
            || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out long vehicle)
            || !long.TryParse(parts[2], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long micros)
            || micros < -62_135_596_800_000_000 || micros > 253_402_300_799_000_000)
        {
            return false;
        }

        key = new EpisodeKey(vehicle, parts[1], new DateTime(DateTime.UnixEpoch.Ticks + micros * 10, DateTimeKind.Utc));
        return true;
    }
}

using System.Globalization;
using System.Text.Json;

namespace Monitoring.Rules;

/// <summary>
/// Reads a rule profile from JSON over the built-in defaults: every key is optional, unknown keys
/// are errors (a misspelt threshold must not silently fall back to the default).
/// <code>
/// { "reorderWindowSeconds": 120, "classes": { "hazmat": { "nightBan": true, "nightBanStart": "00:00", "nightBanEnd": "06:00" } } }
/// </code>
/// </summary>
public static class RuleProfileReader
{
    public static bool TryRead(string json, out RuleProfile profile, out string error)
    {
        profile = RuleProfile.Default;
        error = "";
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                error = "the profile must be a JSON object";
                return false;
            }
            var result = RuleProfile.Default;
            foreach (var property in document.RootElement.EnumerateObject())
            {
                var value = property.Value;
                switch (property.Name)
                {
                    case "reorderWindowSeconds": result = result with { ReorderWindowSeconds = NonNegative(value, property.Name) }; break;
                    case "movingSpeedKmh": result = result with { MovingSpeedKmh = NonNegative(value, property.Name) }; break;
                    case "maxValidSpeedKmh": result = result with { MaxValidSpeedKmh = NonNegative(value, property.Name) }; break;
                    case "driftSpeedKmh": result = result with { DriftSpeedKmh = NonNegative(value, property.Name) }; break;
                    case "maxDrivingGapSeconds": result = result with { MaxDrivingGapSeconds = NonNegative(value, property.Name) }; break;
                    case "futureToleranceSeconds": result = result with { FutureToleranceSeconds = NonNegative(value, property.Name) }; break;
                    case "backfillIdleSeconds": result = result with { BackfillIdleSeconds = NonNegative(value, property.Name) }; break;
                    case "classes":
                        if (value.ValueKind != JsonValueKind.Object)
                        {
                            throw new FormatException("classes: expected an object keyed by vehicle class");
                        }
                        foreach (var entry in value.EnumerateObject())
                        {
                            if (!VehicleClassNames.TryParse(entry.Name, out var vehicleClass))
                            {
                                throw new FormatException($"classes: unknown vehicle class '{entry.Name}'");
                            }
                            result = result.With(vehicleClass, ReadClass(entry.Value, result.For(vehicleClass), entry.Name));
                        }
                        break;
                    default: throw new FormatException($"unknown key '{property.Name}'");
                }
            }
            profile = result;
            return true;
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            error = e.Message;
            return false;
        }
    }

    static ClassProfile ReadClass(JsonElement element, ClassProfile profile, string className)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"classes.{className}: expected an object");
        }
        foreach (var property in element.EnumerateObject())
        {
            var value = property.Value;
            var name = $"classes.{className}.{property.Name}";
            profile = property.Name switch
            {
                "speedCapKmh" => profile with { SpeedCapKmh = value.ValueKind == JsonValueKind.Null ? null : NonNegative(value, name) },
                "overspeedMinSeconds" => profile with { OverspeedMinSeconds = NonNegative(value, name) },
                "overspeedMergeSeconds" => profile with { OverspeedMergeSeconds = NonNegative(value, name) },
                "l2Percent" => profile with { L2Percent = NonNegative(value, name) },
                "l3Percent" => profile with { L3Percent = NonNegative(value, name) },
                "l4Percent" => profile with { L4Percent = NonNegative(value, name) },
                "nightSpeedFactor" => profile with { NightSpeedFactor = Factor(value, name) },
                "nightStart" => profile with { NightStart = Time(value, name) },
                "nightEnd" => profile with { NightEnd = Time(value, name) },
                "nightBan" => profile with { NightBan = value.GetBoolean() },
                "nightBanLongDistanceOnly" => profile with { NightBanLongDistanceOnly = value.GetBoolean() },
                "nightBanStart" => profile with { NightBanStart = Time(value, name) },
                "nightBanEnd" => profile with { NightBanEnd = Time(value, name) },
                "nightBanMinSeconds" => profile with { NightBanMinSeconds = NonNegative(value, name) },
                "nightBanMergeSeconds" => profile with { NightBanMergeSeconds = NonNegative(value, name) },
                "fatigueDayLimitMinutes" => profile with { FatigueDayLimitMinutes = NonNegative(value, name) },
                "fatigueNightLimitMinutes" => profile with { FatigueNightLimitMinutes = NonNegative(value, name) },
                "restMinutes" => profile with { RestMinutes = NonNegative(value, name) },
                "fatiguePreWarningMinutes" => profile with { FatiguePreWarningMinutes = NonNegative(value, name) },
                "cumulativeLimitMinutes" => profile with { CumulativeLimitMinutes = NonNegative(value, name) },
                "offlineMinutes" => profile with { OfflineMinutes = NonNegative(value, name) },
                "terminalAlarmMask" => profile with { TerminalAlarmMask = value.GetUInt32() },
                _ => throw new FormatException($"unknown key '{name}'"),
            };
        }
        if (!(profile.L2Percent <= profile.L3Percent && profile.L3Percent <= profile.L4Percent))
        {
            throw new FormatException($"classes.{className}: severity bands must rise (l2Percent <= l3Percent <= l4Percent)");
        }
        return profile;
    }

    static int NonNegative(JsonElement value, string name)
    {
        var number = value.GetInt32();
        return number >= 0 ? number : throw new FormatException($"{name}: must not be negative");
    }

    static double Factor(JsonElement value, string name)
    {
        var number = value.GetDouble();
        return number is > 0 and <= 1 ? number : throw new FormatException($"{name}: must be in (0, 1]");
    }

    static TimeOnly Time(JsonElement value, string name) =>
        TimeOnly.TryParseExact(value.GetString(), "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            ? time
            : throw new FormatException($"{name}: expected a time as HH:mm");
}

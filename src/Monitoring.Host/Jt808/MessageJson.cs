using System.Globalization;
using System.Text.Json;
using Monitoring.Protocol;
using Monitoring.Protocol.Bodies;

namespace Monitoring.Host.Jt808;

/// <summary>Writes a decoded message as the JSON object `monitoring jt808 decode` prints (names in docs and README).</summary>
static class MessageJson
{
    public static void WriteMessage(Utf8JsonWriter json, Jt808Message message, bool checksumValid, int? reassembledParts = null)
    {
        var header = message.Header;
        json.WriteStartObject();
        json.WriteBoolean("ok", true);
        json.WriteString("messageId", MessageIds.Format(header.MessageId));
        int version = header.Version.Year();
        if (header.MessageId == MessageIds.Registration && Registration.TryRead(message, out var layout).IsOk)
        {
            version = layout.Layout.Year();
        }

        json.WriteNumber("version", version);
        if (header.Version == Jt808Version.V2019)
        {
            json.WriteNumber("protocolVersion", header.ProtocolVersion);
        }

        json.WriteString("phone", header.Phone.ToString());
        json.WriteNumber("serial", header.Serial);
        json.WriteNumber("bodyLength", message.Body.Length);
        if (!checksumValid)
        {
            json.WriteBoolean("checksumValid", false);
        }

        if (message.Quirks != Jt808Quirks.None)
        {
            WriteQuirks(json, message.Quirks);
        }

        if (reassembledParts is int parts)
        {
            json.WriteNumber("reassembledParts", parts);
        }
        else if (header.IsSubpackage)
        {
            json.WriteStartObject("subpackage");
            json.WriteNumber("total", header.PackageTotal);
            json.WriteNumber("index", header.PackageIndex);
            json.WriteEndObject();
            WriteHex(json, "body", message.Body);
            json.WriteEndObject();
            return;
        }

        if (header.IsEncrypted)
        {
            json.WriteBoolean("encrypted", true);
            WriteHex(json, "body", message.Body);
            json.WriteEndObject();
            return;
        }

        WriteBody(json, message);
        json.WriteEndObject();
    }

    public static void WriteFailure(Utf8JsonWriter json, DecodeResult result)
    {
        json.WriteStartObject();
        json.WriteBoolean("ok", false);
        json.WriteString("error", result.Status.ToString());
        json.WriteNumber("offset", result.Offset);
        json.WriteEndObject();
    }

    static void WriteBody(Utf8JsonWriter json, Jt808Message message)
    {
        var body = message.Body;
        var version = message.Header.Version;
        switch (message.MessageId)
        {
            case MessageIds.LocationReport or MessageIds.LocationQueryAnswer:
                if (Check(json, LocationReport.TryRead(message, out var report)))
                {
                    json.WritePropertyName("location");
                    WriteLocation(json, report);
                }

                break;
            case MessageIds.LocationBatch:
                if (Check(json, LocationBatch.TryRead(message, out var batch)))
                {
                    WriteBatch(json, batch);
                }

                break;
            case MessageIds.TerminalGeneralResponse or MessageIds.PlatformGeneralResponse:
                if (Check(json, GeneralResponse.TryRead(body, out var response)))
                {
                    json.WriteStartObject("response");
                    json.WriteNumber("serial", response.AnsweredSerial);
                    json.WriteString("messageId", MessageIds.Format(response.AnsweredMessageId));
                    json.WriteNumber("result", response.Result);
                    json.WriteEndObject();
                }

                break;
            case MessageIds.Registration:
                if (Check(json, Registration.TryRead(message, out var registration)))
                {
                    json.WriteStartObject("registration");
                    json.WriteNumber("provinceId", registration.ProvinceId);
                    json.WriteNumber("cityId", registration.CityId);
                    json.WriteString("manufacturer", registration.GetManufacturer());
                    json.WriteString("model", registration.GetModel());
                    json.WriteString("terminalId", registration.GetTerminalId());
                    json.WriteNumber("plateColor", registration.PlateColor);
                    json.WriteString("plate", registration.GetPlate());
                    json.WriteEndObject();
                }

                break;
            case MessageIds.Authentication:
                if (Check(json, Authentication.TryRead(message, out var authentication)))
                {
                    json.WriteStartObject("authentication");
                    json.WriteString("code", authentication.GetCode());
                    if (version == Jt808Version.V2019)
                    {
                        json.WriteString("imei", authentication.GetImei());
                        json.WriteString("softwareVersion", authentication.GetSoftwareVersion());
                    }

                    json.WriteEndObject();
                }

                break;
            case MessageIds.ParameterAnswer:
                if (Check(json, ParameterAnswer.TryRead(body, out var answer)))
                {
                    json.WriteStartObject("parameters");
                    json.WriteNumber("serial", answer.AnsweredSerial);
                    json.WriteNumber("count", answer.DeclaredCount);
                    WriteParameters(json, answer.Items, answer.Trailing);
                    json.WriteEndObject();
                }

                break;
            case MessageIds.SetParameters:
                if (Check(json, ParameterSettings.TryRead(body, out var settings)))
                {
                    json.WriteStartObject("parameters");
                    json.WriteNumber("count", settings.DeclaredCount);
                    WriteParameters(json, settings.Items, settings.Trailing);
                    json.WriteEndObject();
                }

                break;
            case MessageIds.RegistrationResponse:
                if (Check(json, RegistrationResponse.TryRead(body, out var registered)))
                {
                    json.WriteStartObject("registrationResponse");
                    json.WriteNumber("serial", registered.AnsweredSerial);
                    json.WriteNumber("result", registered.Result);
                    json.WriteString("authCode", registered.GetAuthCode());
                    json.WriteEndObject();
                }

                break;
            case MessageIds.TextMessage:
                if (Check(json, TextMessage.TryRead(body, version, out var text)))
                {
                    json.WriteStartObject("text");
                    json.WriteNumber("flags", text.Flags);
                    json.WriteBoolean("tts", text.IsTts);
                    if (version == Jt808Version.V2019)
                    {
                        json.WriteNumber("textType", text.TextType);
                    }

                    json.WriteString("text", text.GetText());
                    json.WriteEndObject();
                }

                break;
            case MessageIds.AlarmConfirmation:
                if (Check(json, AlarmConfirmation.TryRead(body, out var confirmation)))
                {
                    json.WriteStartObject("alarmConfirmation");
                    json.WriteNumber("serial", confirmation.AlarmSerial);
                    json.WriteNumber("alarmTypes", confirmation.AlarmTypes);
                    json.WriteEndObject();
                }

                break;
            case MessageIds.ResendRequest:
                if (Check(json, ResendRequest.TryRead(body, version, out var resend)))
                {
                    json.WriteStartObject("resend");
                    json.WriteNumber("firstSerial", resend.FirstSerial);
                    json.WriteStartArray("indices");
                    for (int i = 0; i < resend.Count; i++)
                    {
                        json.WriteNumberValue(resend.IndexAt(i));
                    }

                    json.WriteEndArray();
                    json.WriteEndObject();
                }

                break;
            case MessageIds.ServerTime:
                if (Check(json, ServerTime.TryRead(body, out var serverTime)))
                {
                    WriteTime(json, "serverTimeUtc", serverTime.Utc, TimeSpan.Zero);
                }

                break;
            default:
                if (!body.IsEmpty)
                {
                    WriteHex(json, "body", body);
                }

                break;
        }
    }

    // A body that does not read is reported beside the header rather than failing the frame: the frame itself was sound.
    static bool Check(Utf8JsonWriter json, DecodeResult result)
    {
        if (result.IsOk)
        {
            return true;
        }

        json.WriteString("bodyError", result.Status.ToString());
        json.WriteNumber("bodyErrorOffset", result.Offset);
        return false;
    }

    static void WriteBatch(Utf8JsonWriter json, LocationBatch batch)
    {
        json.WriteStartObject("batch");
        json.WriteNumber("type", batch.Type);
        json.WriteNumber("declaredCount", batch.DeclaredCount);
        json.WriteStartArray("locations");
        foreach (var location in batch)
        {
            WriteLocation(json, location);
        }

        json.WriteEndArray();
        if (!batch.Trailing.IsEmpty)
        {
            WriteHex(json, "trailing", batch.Trailing);
        }

        if (batch.Quirks != Jt808Quirks.None)
        {
            WriteQuirks(json, batch.Quirks);
        }

        json.WriteEndObject();
    }

    static void WriteLocation(Utf8JsonWriter json, LocationReport report)
    {
        var basic = report.Basic;
        json.WriteStartObject();
        json.WriteNumber("alarm", basic.Alarm);
        json.WriteNumber("status", basic.Status);
        json.WritePropertyName("latitude");
        json.WriteRawValue(Fixed6(basic.LatitudeMicrodegrees));
        json.WritePropertyName("longitude");
        json.WriteRawValue(Fixed6(basic.LongitudeMicrodegrees));
        json.WriteNumber("altitude", basic.Altitude);
        json.WritePropertyName("speedKmh");
        json.WriteRawValue(string.Create(CultureInfo.InvariantCulture, $"{basic.Speed / 10}.{basic.Speed % 10}"));
        json.WriteNumber("direction", basic.Direction);
        WriteTime(json, "time", basic.Time, Jt808Time.Gmt8);
        json.WriteStartArray("items");
        foreach (var item in report.Items)
        {
            WriteItem(json, item);
        }

        json.WriteEndArray();
        if (!report.Trailing.IsEmpty)
        {
            WriteHex(json, "trailing", report.Trailing);
        }

        json.WriteEndObject();
    }

    static void WriteItem(Utf8JsonWriter json, AdditionalItem item)
    {
        json.WriteStartObject();
        json.WriteNumber("id", item.Id);
        json.WriteNumber("length", item.Value.Length);
        WriteHex(json, "hex", item.Value);
        var value = item.Value;
        switch (item.Id)
        {
            case AdditionalItemIds.Odometer or AdditionalItemIds.VehicleSignals or AdditionalItemIds.Analog when value.Length == 4:
            case AdditionalItemIds.Fuel or AdditionalItemIds.RecorderSpeed or AdditionalItemIds.AlarmEventId or AdditionalItemIds.IoStatus when value.Length == 2:
            case AdditionalItemIds.SignalStrength or AdditionalItemIds.Satellites when value.Length == 1:
            case AdditionalItemIds.CarriageTemperature when value.Length == 2:
            case AdditionalItemIds.TyrePressure when value.Length == TyrePressures.Capacity:
            case AdditionalItemIds.OverspeedArea when value.Length is 1 or 5:
            case AdditionalItemIds.AreaInOut when value.Length == 6:
            case AdditionalItemIds.RouteDrivingTime when value.Length == 7:
                json.WriteString("name", AdditionalItemIds.Name(item.Id));
                WriteStandardValue(json, item);
                break;
            default:
                break;
        }

        json.WriteEndObject();
    }

    static void WriteStandardValue(Utf8JsonWriter json, AdditionalItem item)
    {
        var v = item.Value;
        switch (item.Id)
        {
            case AdditionalItemIds.CarriageTemperature:
                ushort raw = (ushort)(v[0] << 8 | v[1]);
                json.WriteNumber("value", (raw & 0x8000) != 0 ? -(raw & 0x7FFF) : raw & 0x7FFF);
                break;
            case AdditionalItemIds.TyrePressure:
                json.WriteStartArray("value");
                foreach (byte wheel in v)
                {
                    json.WriteNumberValue(wheel);
                }

                json.WriteEndArray();
                break;
            case AdditionalItemIds.OverspeedArea:
                json.WriteStartObject("value");
                json.WriteNumber("type", v[0]);
                if (v.Length == 5)
                {
                    json.WriteNumber("areaId", (uint)(v[1] << 24 | v[2] << 16 | v[3] << 8 | v[4]));
                }

                json.WriteEndObject();
                break;
            case AdditionalItemIds.AreaInOut:
                json.WriteStartObject("value");
                json.WriteNumber("type", v[0]);
                json.WriteNumber("areaId", (uint)(v[1] << 24 | v[2] << 16 | v[3] << 8 | v[4]));
                json.WriteNumber("direction", v[5]);
                json.WriteEndObject();
                break;
            case AdditionalItemIds.RouteDrivingTime:
                json.WriteStartObject("value");
                json.WriteNumber("segmentId", (uint)(v[0] << 24 | v[1] << 16 | v[2] << 8 | v[3]));
                json.WriteNumber("drivingSeconds", v[4] << 8 | v[5]);
                json.WriteNumber("result", v[6]);
                json.WriteEndObject();
                break;
            default:
                uint number = 0;
                foreach (byte b in v)
                {
                    number = number << 8 | b;
                }

                json.WriteNumber("value", number);
                break;
        }
    }

    static void WriteParameters(Utf8JsonWriter json, ParameterItemEnumerator items, ReadOnlySpan<byte> trailing)
    {
        json.WriteStartArray("items");
        foreach (var item in items)
        {
            json.WriteStartObject();
            json.WriteString("id", "0x" + item.Id.ToString("X4", CultureInfo.InvariantCulture));
            json.WriteNumber("length", item.Value.Length);
            WriteHex(json, "hex", item.Value);
            if (item.TryGetNumber(out uint number))
            {
                json.WriteNumber("value", number);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        if (!trailing.IsEmpty)
        {
            WriteHex(json, "trailing", trailing);
        }
    }

    static void WriteTime(Utf8JsonWriter json, string name, Jt808Time time, TimeSpan zone)
    {
        if (time.TryGetInstant(zone, out var instant))
        {
            json.WriteString(name, instant.ToString(zone == TimeSpan.Zero ? "yyyy-MM-dd'T'HH:mm:ss'Z'" : "yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture));
        }
        else
        {
            json.WriteNull(name);
            json.WriteString(name + "Raw", time.Raw.ToString("X12", CultureInfo.InvariantCulture));
        }
    }

    static void WriteQuirks(Utf8JsonWriter json, Jt808Quirks quirks)
    {
        json.WriteStartArray("quirks");
        foreach (var quirk in Enum.GetValues<Jt808Quirks>())
        {
            if (quirk != Jt808Quirks.None && quirks.HasFlag(quirk))
            {
                json.WriteStringValue(quirk.ToString());
            }
        }

        json.WriteEndArray();
    }

    static void WriteHex(Utf8JsonWriter json, string name, ReadOnlySpan<byte> bytes) => json.WriteString(name, Convert.ToHexString(bytes));

    static string Fixed6(int microdegrees)
    {
        string sign = microdegrees < 0 ? "-" : "";
        long magnitude = Math.Abs((long)microdegrees);
        return string.Create(CultureInfo.InvariantCulture, $"{sign}{magnitude / 1_000_000}.{magnitude % 1_000_000:D6}");
    }
}

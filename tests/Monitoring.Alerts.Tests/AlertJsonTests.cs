using System.Text;
using System.Text.Json;
using Monitoring.Storage;

namespace Monitoring.Alerts.Tests;

/// <summary>The message body and its signature, byte for byte.</summary>
public sealed class AlertJsonTests
{
    static readonly DateTime Start = new(2026, 11, 20, 0, 30, 0, DateTimeKind.Utc);

    [Fact]
    public void A_closed_event_has_the_documented_fields_with_utc_times_and_readable_text()
    {
        var detail = new AlertEventDetail(
            new AlertEvent(42, new EpisodeKey(11, "overspeed", Start), EpisodeState.Closed, 3, false, 7, 431202, Start.AddMinutes(5).AddSeconds(1)),
            "湘N12345", 2, "怀化客运", "鹤城区", Start.AddMinutes(5), 100.0, 131.5);

        string json = Encoding.UTF8.GetString(AlertJson.Serialize(detail));

        Assert.Equal(
            """{"eventId":42,"event":"closed","vehicleId":11,"plate":"湘N12345","plateColour":2,"rule":"overspeed","severity":3,"start":"2026-11-20T00:30:00Z","end":"2026-11-20T00:35:00Z","durationSeconds":300,"maxSpeedKmh":131.5,"limitKmh":100,"late":false,"carrierId":7,"carrierName":"怀化客运","countyId":431202,"countyName":"鹤城区","createdAt":"2026-11-20T00:35:01Z"}""",
            json);
    }

    [Fact]
    public void What_storage_no_longer_knows_is_null()
    {
        var detail = new AlertEventDetail(
            new AlertEvent(1, new EpisodeKey(11, "offline", Start), EpisodeState.Opened, 1, true, 7, 431202, Start),
            null, null, null, null, null, null, null);

        using var json = JsonDocument.Parse(AlertJson.Serialize(detail));

        foreach (string name in new[] { "plate", "plateColour", "end", "durationSeconds", "maxSpeedKmh", "limitKmh", "carrierName", "countyName" })
        {
            Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty(name).ValueKind);
        }

        Assert.Equal(("opened", true), (json.RootElement.GetProperty("event").GetString(), json.RootElement.GetProperty("late").GetBoolean()));
    }

    [Fact]
    public void The_body_has_exactly_the_fields_the_asyncapi_contract_requires()
    {
        // protocols/mqtt/asyncapi.yaml, components.messages.AlertEvent: "required: [a, b,\n c, …]".
        string yaml = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Contracts", "asyncapi.yaml"));
        string message = yaml[yaml.IndexOf("    AlertEvent:", StringComparison.Ordinal)..];
        int open = message.IndexOf("required: [", StringComparison.Ordinal) + "required: [".Length;
        string[] required = [.. message[open..message.IndexOf(']', open)].Split(',').Select(n => n.Trim())];
        var detail = new AlertEventDetail(
            new AlertEvent(1, new EpisodeKey(11, "offline", Start), EpisodeState.Opened, 1, false, 7, 431202, Start),
            "湘N12345", 2, "怀化客运", "鹤城区", null, null, null);

        using var json = JsonDocument.Parse(AlertJson.Serialize(detail));

        Assert.Equal(required, json.RootElement.EnumerateObject().Select(p => p.Name));
    }

    [Theory]
    [InlineData("whsec_test", """{"eventId":42,"event":"opened"}""", "sha256=3b2fce0fe16283fa4a6cdbc010dd253a30618542178a49e53df6ffac27f002a9")]
    [InlineData("密钥-secret", """{"plate":"川A11111"}""", "sha256=819c1c869407dd21a5f7c948b25f2c5d0adbb4fd3bbc41170d1f5763d4e78449")]
    public void The_signature_is_lowercase_hex_hmac_sha256_of_the_raw_body_keyed_with_the_utf8_secret(string secret, string body, string expected)
    {
        // Vectors from Python's hmac module (and `openssl dgst -sha256 -hmac`), not from this code.
        byte[] bytes = Encoding.UTF8.GetBytes(body);

        Assert.Equal(expected, WebhookSignature.Compute(secret, bytes));
        Assert.True(WebhookSignature.Verify(secret, bytes, expected));
        Assert.False(WebhookSignature.Verify(secret, [.. bytes, (byte)' '], expected));
        Assert.False(WebhookSignature.Verify(secret + "x", bytes, expected));
        Assert.False(WebhookSignature.Verify(secret, bytes, expected.ToUpperInvariant()));
        Assert.False(WebhookSignature.Verify(secret, bytes, null));
    }
}

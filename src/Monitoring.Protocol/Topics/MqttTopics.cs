using System.Globalization;

namespace Monitoring.Protocol.Topics;

/// <summary>
/// The MQTT topic contract (protocols/mqtt/asyncapi.yaml). Uplink frames travel on
/// <c>jt808/up/{partition}/{phone}</c>, downlink frames on <c>jt808/down/{phone}</c>, carrier alerts on
/// <c>alerts/{carrierId}/{event}</c>. The partition is part of the contract so that gateways, simulators and
/// service instances agree on it: FNV-1a (32-bit) of the phone's ASCII digits with leading zeros removed,
/// modulo the deployment's partition count. Leading zeros are dropped so that a terminal keeps its partition
/// whether its header is 2013 (12 digits) or 2019 (20 digits).
/// </summary>
public static class MqttTopics
{
    public const int DefaultPartitionCount = 64;
    public const string UplinkPrefix = "jt808/up/";
    public const string DownlinkPrefix = "jt808/down/";
    public const string AlertsPrefix = "alerts/";

    /// <summary>Subscription to every uplink partition.</summary>
    public const string UplinkAll = "jt808/up/+/+";

    public static int PartitionOf(TerminalPhone phone, int partitionCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partitionCount, 1);
        Span<char> digits = stackalloc char[20];
        phone.TryFormat(digits, out int length);
        return (int)(Fnv1a(TrimLeadingZeros(digits[..length])) % (uint)partitionCount);
    }

    /// <summary>The partition of a phone given as text (as in a topic); leading zeros are ignored.</summary>
    public static int PartitionOf(ReadOnlySpan<char> phoneDigits, int partitionCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partitionCount, 1);
        return (int)(Fnv1a(TrimLeadingZeros(phoneDigits)) % (uint)partitionCount);
    }

    public static string Uplink(TerminalPhone phone, int partitionCount) =>
        string.Create(CultureInfo.InvariantCulture, $"{UplinkPrefix}{PartitionOf(phone, partitionCount)}/{phone}");

    public static string UplinkPartition(int partition) => string.Create(CultureInfo.InvariantCulture, $"{UplinkPrefix}{partition}/+");

    public static string Downlink(TerminalPhone phone) => DownlinkPrefix + phone.ToString();

    /// <summary><c>alerts/{carrierId}/{event}</c>, event being opened, escalated or closed.</summary>
    public static string Alert(string carrierId, string eventKind) => AlertsPrefix + carrierId + "/" + eventKind;

    /// <summary>Reads <c>jt808/up/{partition}/{phone}</c>.</summary>
    public static bool TryParseUplink(ReadOnlySpan<char> topic, out int partition, out ReadOnlySpan<char> phone)
    {
        partition = 0;
        phone = default;
        if (!topic.StartsWith(UplinkPrefix, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = topic[UplinkPrefix.Length..];
        int slash = rest.IndexOf('/');
        if (slash <= 0 || !int.TryParse(rest[..slash], NumberStyles.None, CultureInfo.InvariantCulture, out partition))
        {
            return false;
        }

        phone = rest[(slash + 1)..];
        return phone.Length is > 0 and <= 20 && phone.IndexOf('/') < 0;
    }

    static ReadOnlySpan<char> TrimLeadingZeros(ReadOnlySpan<char> digits)
    {
        var trimmed = digits.TrimStart('0');
        return trimmed.IsEmpty ? "0" : trimmed;
    }

    static uint Fnv1a(ReadOnlySpan<char> text)
    {
        uint hash = 2166136261;
        foreach (char c in text)
        {
            hash = (hash ^ (byte)c) * 16777619;
        }

        return hash;
    }
}

using Monitoring.Protocol.Topics;

namespace Monitoring.Protocol.Tests;

public sealed class MqttTopicsTests
{
    [Fact]
    public void The_partition_is_fnv1a_of_the_digits_without_leading_zeros()
    {
        // FNV-1a("13912344321") = 2926319972, computed independently; 2926319972 mod 64 = 36.
        Assert.Equal(36, MqttTopics.PartitionOf(TerminalPhone.Parse("013912344321"), 64));
        Assert.Equal(2926319972 % 1000, (uint)MqttTopics.PartitionOf("13912344321", 1000));
    }

    [Fact]
    public void A_terminal_keeps_its_partition_across_header_versions()
    {
        var narrow = TerminalPhone.Parse("013912344321", 6);
        var wide = TerminalPhone.Parse("00000000013912344321", 10);
        Assert.Equal(MqttTopics.PartitionOf(narrow, 64), MqttTopics.PartitionOf(wide, 64));
        Assert.Equal(MqttTopics.PartitionOf(narrow, 64), MqttTopics.PartitionOf("00000000013912344321", 64));
    }

    [Fact]
    public void Partitions_spread_a_fleet_evenly()
    {
        var counts = new int[64];
        for (int i = 0; i < 64_000; i++)
        {
            counts[MqttTopics.PartitionOf(TerminalPhone.Parse((14_000_000_000L + i * 7L).ToString(System.Globalization.CultureInfo.InvariantCulture)), 64)]++;
        }

        Assert.All(counts, c => Assert.InRange(c, 800, 1200));
    }

    [Fact]
    public void Uplink_topics_round_trip()
    {
        var phone = TerminalPhone.Parse("013912344321");
        string topic = MqttTopics.Uplink(phone, 64);
        Assert.Equal("jt808/up/36/013912344321", topic);
        Assert.True(MqttTopics.TryParseUplink(topic, out int partition, out var digits));
        Assert.Equal(36, partition);
        Assert.Equal("013912344321", digits.ToString());
        Assert.False(MqttTopics.TryParseUplink("jt808/up/x/013912344321", out _, out _));
        Assert.False(MqttTopics.TryParseUplink("jt808/down/013912344321", out _, out _));
        Assert.Equal("jt808/down/013912344321", MqttTopics.Downlink(phone));
    }
}

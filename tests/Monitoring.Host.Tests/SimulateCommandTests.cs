using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MQTTnet;
using MQTTnet.Protocol;
using Monitoring.Host.Broker;
using Monitoring.Protocol;
using Monitoring.Protocol.Framing;
using Monitoring.Protocol.Topics;

namespace Monitoring.Host.Tests;

/// <summary>`monitoring simulate` against the embedded broker over real TCP: what it publishes is what a subscriber gets.</summary>
public sealed class SimulateCommandTests
{
    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [Fact]
    public async Task Every_published_message_arrives_on_its_partition_topic_and_decodes()
    {
        int port = FreePort();
        await using var broker = await EmbeddedBroker.StartAsync(port);
        var received = new ConcurrentQueue<(string Topic, byte[] Payload)>();
        using var subscriber = new MqttClientFactory().CreateMqttClient();
        subscriber.ApplicationMessageReceivedAsync += e =>
        {
            received.Enqueue((e.ApplicationMessage.Topic, e.ApplicationMessage.Payload.ToArray()));
            return Task.CompletedTask;
        };
        await subscriber.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId("test-subscriber").Build());
        await subscriber.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter(MqttTopics.UplinkAll, MqttQualityOfServiceLevel.AtLeastOnce).Build());

        string truth = Path.Combine(Path.GetTempPath(), $"truth-{Guid.NewGuid():N}.jsonl");
        string reference = Path.Combine(Path.GetTempPath(), $"reference-{Guid.NewGuid():N}");
        try
        {
            var (exit, output, error) = await Task.Run(() => Cli.Run(
                "simulate", "--broker", $"127.0.0.1:{port}", "--vehicles", "12", "--duration", "00:30:00", "--speedup", "0",
                "--partitions", "8", "--truth", truth, "--reference", reference));
            Assert.True(exit == 0, output + error);
            long published = long.Parse(output.Split(": ")[1].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(published > 12 * 30);

            // QoS 1 on both legs: wait for the broker to hand everything over (bounded wait, not a timed assertion).
            for (int i = 0; i < 200 && received.Count < published; i++)
            {
                await Task.Delay(50);
            }

            Assert.Equal(published, received.Count);
            var scratch = new byte[Jt808Framer.MaxEscapedContentLength];
            foreach (var (topic, payload) in received)
            {
                Assert.True(MqttTopics.TryParseUplink(topic, out int partition, out var phone));
                Assert.Equal(MqttTopics.PartitionOf(phone, 8), partition);
                var scan = Jt808Framer.Scan(payload, isFinalBlock: true);
                Assert.Equal(FrameScanStatus.Frame, scan.Status);
                Assert.True(Jt808Decoder.Decode(payload.AsSpan(scan.Range), scratch, out var message).IsOk);
                Assert.Equal(phone.ToString(), message.Header.Phone.ToString());
            }

            Assert.True(File.Exists(truth));
            var vehicles = File.ReadAllLines(Path.Combine(reference, "vehicles.csv"));
            Assert.Equal(13, vehicles.Length);
            Assert.StartsWith("vehicle,plate,class,long_distance,speed_limit_kmh,carrier,county", vehicles[0], StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(truth);
            if (Directory.Exists(reference))
            {
                Directory.Delete(reference, recursive: true);
            }
        }
    }

    [Fact]
    public async Task A_file_of_fixes_is_replayed_as_real_frames_and_bad_lines_are_reported()
    {
        int port = FreePort();
        await using var broker = await EmbeddedBroker.StartAsync(port);
        var received = new ConcurrentQueue<byte[]>();
        using var subscriber = new MqttClientFactory().CreateMqttClient();
        subscriber.ApplicationMessageReceivedAsync += e =>
        {
            received.Enqueue(e.ApplicationMessage.Payload.ToArray());
            return Task.CompletedTask;
        };
        await subscriber.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId("replay-subscriber").Build());
        await subscriber.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter(MqttTopics.UplinkAll, MqttQualityOfServiceLevel.AtLeastOnce).Build());
        string fixes = Path.Combine(Path.GetTempPath(), $"fixes-{Guid.NewGuid():N}.csv");
        File.WriteAllLines(fixes,
        [
            "vehicle,time,lat,lon,speed_kmh,direction,acc,valid",
            "V00002,2026-03-02T10:00:15+08:00,27.551000,109.991000,101.5,90,1,1",
            "V00001,2026-03-02T10:00:00+08:00,27.550000,109.990000,88.0,45,1,1",
            "V00001,not-a-time,27.55,109.99,88,45,1,1",
            "V00001,2026-03-02T10:00:30+08:00,-27.560000,109.995000,0,0,0,0",
        ]);
        try
        {
            var (exit, output, error) = await Task.Run(() => Cli.Run("simulate", "--broker", $"127.0.0.1:{port}", "--vehicles", "5", "--speedup", "0", "--replay", fixes));
            Assert.Equal(0, exit);
            Assert.Contains("replayed 3 fixes", output, StringComparison.Ordinal);
            Assert.Contains(":4:", error, StringComparison.Ordinal);
            for (int i = 0; i < 100 && received.Count < 3; i++)
            {
                await Task.Delay(50);
            }

            var scratch = new byte[Jt808Framer.MaxEscapedContentLength];
            var speeds = new List<double>();
            var latitudes = new List<double>();
            foreach (var payload in received)
            {
                var scan = Jt808Framer.Scan(payload, isFinalBlock: true);
                Assert.True(Jt808Decoder.Decode(payload.AsSpan(scan.Range), scratch, out var message).IsOk);
                Assert.True(Protocol.Bodies.LocationReport.TryRead(message, out var report).IsOk);
                speeds.Add(report.Basic.SpeedKmh);
                latitudes.Add(report.Basic.Latitude);
            }

            Assert.Equal([88.0, 101.5, 0.0], speeds);
            Assert.Equal(-27.56, latitudes[2], 6);
        }
        finally
        {
            File.Delete(fixes);
        }
    }

    [Fact]
    public void A_bad_broker_address_is_refused_with_the_reason()
    {
        var (exit, _, error) = Cli.Run("simulate", "--broker", "localhost:99999");
        Assert.Equal(2, exit);
        Assert.Contains("host:port", error, StringComparison.Ordinal);
    }
}

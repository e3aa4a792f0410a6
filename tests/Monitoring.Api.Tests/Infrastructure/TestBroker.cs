using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using MQTTnet;
using MQTTnet.Server;

namespace Monitoring.Api.Tests.Infrastructure;

/// <summary>A real MQTT broker (MQTTnet.Server) on a free loopback port, and a subscriber to the downlink topics.</summary>
public sealed class TestBroker : IAsyncDisposable
{
    readonly MqttServer _server;
    readonly IMqttClient _subscriber;

    TestBroker(MqttServer server, IMqttClient subscriber, int port)
    {
        _server = server;
        _subscriber = subscriber;
        Port = port;
    }

    public int Port { get; }

    /// <summary>Every message published on <c>jt808/down/#</c>: (topic, payload).</summary>
    public Channel<(string Topic, byte[] Payload)> Downlink { get; } = Channel.CreateUnbounded<(string, byte[])>();

    public static async Task<TestBroker> StartAsync()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var server = new MqttServerFactory().CreateMqttServer(new MqttServerOptionsBuilder()
            .WithDefaultEndpoint().WithDefaultEndpointBoundIPAddress(IPAddress.Loopback).WithDefaultEndpointPort(port).Build());
        await server.StartAsync();
        var client = new MqttClientFactory().CreateMqttClient();
        var broker = new TestBroker(server, client, port);
        client.ApplicationMessageReceivedAsync += e =>
        {
            broker.Downlink.Writer.TryWrite((e.ApplicationMessage.Topic, System.Buffers.BuffersExtensions.ToArray(e.ApplicationMessage.Payload)));
            return Task.CompletedTask;
        };
        await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId("downlink-watcher").Build());
        await client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter("jt808/down/#", MQTTnet.Protocol.MqttQualityOfServiceLevel.AtLeastOnce).Build());
        return broker;
    }

    /// <summary>The next downlink message (a generous timeout: the publish is acknowledged before the API answers).</summary>
    public async Task<(string Topic, byte[] Payload)> NextAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return await Downlink.Reader.ReadAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _subscriber.DisconnectAsync();
        _subscriber.Dispose();
        await _server.StopAsync();
        _server.Dispose();
    }
}

using System.Net;
using MQTTnet.Server;

namespace Monitoring.Host.Broker;

/// <summary>
/// The MQTTnet broker the service runs in-process when no external broker is configured: loopback only,
/// persistent sessions (a subscriber's QoS 1 messages wait for it while it reconnects).
/// </summary>
sealed class EmbeddedBroker : IAsyncDisposable
{
    readonly MqttServer _server;

    EmbeddedBroker(MqttServer server, int port)
    {
        _server = server;
        Port = port;
    }

    public int Port { get; }

    public static async Task<EmbeddedBroker> StartAsync(int port, int maxPendingPerClient = 100_000)
    {
        var options = new MqttServerOptionsBuilder()
            .WithDefaultEndpoint()
            .WithDefaultEndpointBoundIPAddress(IPAddress.Loopback)
            .WithDefaultEndpointPort(port)
            .WithPersistentSessions()
            .WithMaxPendingMessagesPerClient(maxPendingPerClient)
            .Build();
        var server = new MqttServerFactory().CreateMqttServer(options);
        await server.StartAsync().ConfigureAwait(false);
        return new EmbeddedBroker(server, port);
    }

    public async ValueTask DisposeAsync()
    {
        await _server.StopAsync().ConfigureAwait(false);
        _server.Dispose();
    }
}

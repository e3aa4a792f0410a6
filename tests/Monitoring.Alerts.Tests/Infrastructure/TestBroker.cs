using System.Net;
using System.Net.Sockets;
using MQTTnet.Server;

namespace Monitoring.Alerts.Tests.Infrastructure;

/// <summary>The MQTTnet broker in-process on 127.0.0.1 (as the service's embedded broker), on a port that stays
/// the same across a stop and a start.</summary>
sealed class TestBroker : IAsyncDisposable
{
    MqttServer? _server;

    public int Port { get; } = FreePort();

    public async Task StartAsync()
    {
        var options = new MqttServerOptionsBuilder()
            .WithDefaultEndpoint()
            .WithDefaultEndpointBoundIPAddress(IPAddress.Loopback)
            .WithDefaultEndpointPort(Port)
            .Build();
        _server = new MqttServerFactory().CreateMqttServer(options);
        await _server.StartAsync();
    }

    public async Task StopAsync()
    {
        if (_server is { } server)
        {
            _server = null;
            await server.StopAsync();
            server.Dispose();
        }
    }

    static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}

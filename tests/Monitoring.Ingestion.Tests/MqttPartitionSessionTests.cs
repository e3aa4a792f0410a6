using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using MQTTnet.Server;
using Monitoring.Ingestion;
using Monitoring.Rules;
using Monitoring.Storage;

namespace Monitoring.Ingestion.Tests;

public sealed class MqttPartitionSessionTests
{
    /// <summary>
    /// Regression: MQTTnet reports a failed connect attempt as a disconnection too, and the session answered each one
    /// with a new reconnect loop, so the loops multiplied while the broker was away (a service burned most of a core).
    /// </summary>
    [Fact]
    public async Task A_broker_that_goes_away_gets_one_reconnect_loop_with_back_off()
    {
        int port = FreePort();
        var options = new MqttServerOptionsBuilder().WithDefaultEndpoint().WithDefaultEndpointBoundIPAddress(IPAddress.Loopback).WithDefaultEndpointPort(port).Build();
        var broker = new MqttServerFactory().CreateMqttServer(options);
        await broker.StartAsync();

        var worker = new RuleWorker(16, [new RuleEngine(RuleProfile.Default, [])], [[]], System.Threading.Channels.Channel.CreateUnbounded<EpisodeNotice>().Writer,
            (_, _) => Task.CompletedTask, NullLogger<RuleWorker>.Instance);
        await using var batcher = new PositionBatcher(new NoWriter(), 100, TimeSpan.FromMilliseconds(50), _ => { });
        var pipeline = new PartitionPipeline(new TelemetryIngestor(new TerminalDirectory([], 1)), batcher, worker, (_, _) => Task.CompletedTask);
        await using var session = new MqttPartitionSession(0, "127.0.0.1", port, "test", 100, pipeline, NullLogger<MqttPartitionSession>.Instance);
        await session.StartAsync(CancellationToken.None);
        Assert.True(session.IsConnected);

        await broker.StopAsync();
        broker.Dispose();

        // Back-off from 200 ms, doubling: about five attempts in six seconds. Multiplying loops made thousands.
        await Task.Delay(TimeSpan.FromSeconds(6));
        Assert.InRange(session.ConnectAttempts, 2, 12);
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    sealed class NoWriter : IPositionWriter
    {
        public ValueTask<WriteOutcome> WriteAsync(ReadOnlyMemory<StoredPosition> positions, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(default(WriteOutcome));
    }
}

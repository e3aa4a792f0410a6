using System.Collections.Concurrent;
using System.Diagnostics;
using MQTTnet;
using MQTTnet.Protocol;
using Monitoring.Host.Simulation;

namespace Monitoring.Host.Bench;

/// <summary>
/// One MQTT client of the load generator. It owns the vehicles whose index ≡ <c>slot</c> (mod clients) and
/// publishes their messages with QoS 1 at a given rate, with a bounded number in flight; publishes of scripted
/// vehicles are timestamped for the latency figures.
/// </summary>
sealed class LoadPublisher : IAsyncDisposable
{
    const int MaxInFlight = 4096;

    readonly IMqttClient _client;
    readonly LoadFleet _fleet;
    readonly int _slot;
    readonly int _clients;
    readonly SemaphoreSlim _inFlight = new(MaxInFlight, MaxInFlight);
    readonly ConcurrentDictionary<(long Vehicle, long DeviceTime), long> _publishedAt;
    int _next;
    long _published;
    long _failed;

    LoadPublisher(IMqttClient client, LoadFleet fleet, int slot, int clients, ConcurrentDictionary<(long, long), long> publishedAt)
    {
        _client = client;
        _fleet = fleet;
        _slot = slot;
        _clients = clients;
        _next = slot;
        _publishedAt = publishedAt;
    }

    public long Published => Interlocked.Read(ref _published);

    public long Failed => Interlocked.Read(ref _failed);

    public static async Task<LoadPublisher> ConnectAsync(BrokerAddress broker, LoadFleet fleet, int slot, int clients,
        ConcurrentDictionary<(long, long), long> publishedAt, CancellationToken cancellationToken)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        var options = new MqttClientOptionsBuilder()
            .WithTcpServer(broker.Host, broker.Port)
            .WithClientId($"bench-load-{slot}")
            .WithCleanSession(true)
            .WithTimeout(TimeSpan.FromSeconds(30))
            .Build();
        await client.ConnectAsync(options, cancellationToken).ConfigureAwait(false);
        return new LoadPublisher(client, fleet, slot, clients, publishedAt);
    }

    /// <summary>Publishes at <paramref name="rate"/> messages/s until <paramref name="until"/> (a Stopwatch timestamp), then waits for the outstanding PUBACKs.</summary>
    public async Task RunAsync(double rate, long until, CancellationToken cancellationToken)
    {
        long start = Stopwatch.GetTimestamp();
        long sent = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            long now = Stopwatch.GetTimestamp();
            if (now >= until)
            {
                break;
            }

            long due = (long)(Stopwatch.GetElapsedTime(start, now).TotalSeconds * rate);
            while (sent < due)
            {
                await _inFlight.WaitAsync(cancellationToken).ConfigureAwait(false);
                Publish();
                sent++;
            }

            await Task.Delay(2, cancellationToken).ConfigureAwait(false);
        }

        await DrainAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Publishes <paramref name="count"/> messages as fast as the broker takes them, then waits for the outstanding PUBACKs.</summary>
    public async Task PublishAsync(long count, CancellationToken cancellationToken)
    {
        for (long i = 0; i < count; i++)
        {
            await _inFlight.WaitAsync(cancellationToken).ConfigureAwait(false);
            Publish();
        }

        await DrainAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Waits for every outstanding PUBACK.</summary>
    async Task DrainAsync(CancellationToken cancellationToken)
    {
        for (int i = 0; i < MaxInFlight; i++)
        {
            await _inFlight.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        _inFlight.Release(MaxInFlight);
    }

    void Publish()
    {
        int index = _next;
        _next += _clients;
        if (_next >= _fleet.Count)
        {
            _next = _slot;
        }

        var (frame, deviceTime) = _fleet.Next(index);
        if (LoadFleet.IsScripted(index))
        {
            _publishedAt[(_fleet.VehicleId(index), deviceTime)] = Stopwatch.GetTimestamp();
        }

        var message = new MqttApplicationMessageBuilder()
            .WithTopic(_fleet.Topic(index))
            .WithPayload(frame)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
        _ = SendAsync(message);
    }

    async Task SendAsync(MqttApplicationMessage message)
    {
        try
        {
            var result = await _client.PublishAsync(message, CancellationToken.None).ConfigureAwait(false);
            Interlocked.Increment(ref result.IsSuccess ? ref _published : ref _failed);
        }
        catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException or InvalidOperationException)
        {
            Interlocked.Increment(ref _failed);
        }
        finally
        {
            _inFlight.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            await _client.DisconnectAsync().ConfigureAwait(false);
        }

        _client.Dispose();
        _inFlight.Dispose();
    }
}

using MQTTnet;
using MQTTnet.Protocol;
using Monitoring.Protocol.Topics;
using Monitoring.Simulation;

namespace Monitoring.Host.Simulation;

/// <summary>
/// Publishes simulated terminals' frames on the uplink contract (jt808/up/{partition}/{phone}) with QoS 1,
/// keeping a bounded number of publishes in flight so that a fast simulator neither blocks on each PUBACK
/// nor queues without limit.
/// </summary>
sealed class MqttFramePublisher : IAsyncDisposable
{
    readonly IMqttClient _client;
    readonly int _partitions;
    readonly SemaphoreSlim _inFlight;
    readonly int _maxInFlight;
    long _published;
    long _failed;

    MqttFramePublisher(IMqttClient client, int partitions, int maxInFlight)
    {
        _client = client;
        _partitions = partitions;
        _maxInFlight = maxInFlight;
        _inFlight = new SemaphoreSlim(maxInFlight, maxInFlight);
    }

    public long Published => Interlocked.Read(ref _published);

    public long Failed => Interlocked.Read(ref _failed);

    public static async Task<MqttFramePublisher> ConnectAsync(BrokerAddress broker, string clientId, int partitions, int maxInFlight, CancellationToken cancellationToken)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        var options = new MqttClientOptionsBuilder()
            .WithTcpServer(broker.Host, broker.Port)
            .WithClientId(clientId)
            .WithCleanSession(true)
            .WithTimeout(TimeSpan.FromSeconds(10))
            .Build();
        await client.ConnectAsync(options, cancellationToken).ConfigureAwait(false);
        return new MqttFramePublisher(client, partitions, maxInFlight);
    }

    public async Task PublishAsync(Transmission transmission, CancellationToken cancellationToken)
    {
        await _inFlight.WaitAsync(cancellationToken).ConfigureAwait(false);
        var message = new MqttApplicationMessageBuilder()
            .WithTopic(MqttTopics.Uplink(transmission.Vehicle.Phone, _partitions))
            .WithPayload(transmission.Payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
        _ = SendAsync(message, cancellationToken);
    }

    async Task SendAsync(MqttApplicationMessage message, CancellationToken cancellationToken)
    {
        try
        {
            var result = await _client.PublishAsync(message, cancellationToken).ConfigureAwait(false);
            if (result.IsSuccess)
            {
                Interlocked.Increment(ref _published);
            }
            else
            {
                Interlocked.Increment(ref _failed);
            }
        }
        catch (Exception ex) when (ex is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException or InvalidOperationException)
        {
            Interlocked.Increment(ref _failed);
        }
        finally
        {
            _inFlight.Release();
        }
    }

    /// <summary>Waits until every publish has been answered by the broker.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        for (int i = 0; i < _maxInFlight; i++)
        {
            await _inFlight.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        _inFlight.Release(_maxInFlight);
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

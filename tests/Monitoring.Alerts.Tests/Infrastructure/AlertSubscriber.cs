using System.Collections.Concurrent;
using MQTTnet;
using MQTTnet.Protocol;

namespace Monitoring.Alerts.Tests.Infrastructure;

/// <summary>A carrier's (or an operator's) MQTT client subscribed to <c>alerts/#</c> with QoS 1.</summary>
sealed class AlertSubscriber : IAsyncDisposable
{
    const string FlushTopic = "alerts/flush/sentinel";
    readonly IMqttClient _client;
    int _flushes;

    AlertSubscriber(IMqttClient client) => _client = client;

    public ConcurrentQueue<(string Topic, string Payload)> Messages { get; } = new();

    public static async Task<AlertSubscriber> ConnectAsync(int port)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        var subscriber = new AlertSubscriber(client);
        client.ApplicationMessageReceivedAsync += e =>
        {
            string topic = e.ApplicationMessage.Topic;
            if (topic == FlushTopic)
            {
                Interlocked.Increment(ref subscriber._flushes);
            }
            else
            {
                subscriber.Messages.Enqueue((topic, e.ApplicationMessage.ConvertPayloadToString()));
            }

            return Task.CompletedTask;
        };
        await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId($"subscriber-{Guid.NewGuid():N}").Build());
        await client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter("alerts/#", MqttQualityOfServiceLevel.AtLeastOnce).Build());
        return subscriber;
    }

    /// <summary>Round-trips a message of its own through the broker, so that whatever the broker had taken in
    /// before has reached this subscriber.</summary>
    public async Task FlushAsync()
    {
        int target = Volatile.Read(ref _flushes) + 1;
        await _client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(FlushTopic).WithPayload("x")
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
        await Eventually.TrueAsync(() => Volatile.Read(ref _flushes) >= target, "the flush message came back");
    }

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            await _client.DisconnectAsync();
        }

        _client.Dispose();
    }
}

using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Protocol;

namespace Monitoring.Api.Downlink;

/// <summary>
/// The downlink over MQTT: one client, connected on first use and again after a drop; each frame is published
/// with QoS 1 and counts as sent once the broker acknowledges it (the gateway holding the terminal's TCP
/// connection subscribes to <c>jt808/down/+</c>).
/// </summary>
sealed class MqttDownlink(ApiOptions options, ILogger<MqttDownlink> logger) : ITerminalDownlink, IAsyncDisposable
{
    readonly SemaphoreSlim _connect = new(1, 1);
    readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();

    public async Task SendAsync(string topic, ReadOnlyMemory<byte> frame, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(options.DownlinkHost))
        {
            throw new DownlinkException("No MQTT broker is configured for the downlink (Monitoring:Mqtt:Broker).");
        }

        try
        {
            await EnsureConnectedAsync(cancellationToken).ConfigureAwait(false);
            var message = new MqttApplicationMessageBuilder()
                .WithTopic(topic)
                .WithPayload(frame.ToArray())
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                .Build();
            var result = await _client.PublishAsync(message, cancellationToken).ConfigureAwait(false);
            if (!result.IsSuccess)
            {
                throw new DownlinkException($"The broker refused the downlink message ({result.ReasonCode}).");
            }
        }
        catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or InvalidOperationException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(e, "Downlink to {Topic} failed.", topic);
            throw new DownlinkException($"The MQTT broker {options.DownlinkHost}:{options.DownlinkPort} did not take the message: {e.Message}", e);
        }
    }

    async Task EnsureConnectedAsync(CancellationToken cancellationToken)
    {
        if (_client.IsConnected)
        {
            return;
        }

        await _connect.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_client.IsConnected)
            {
                var connect = new MqttClientOptionsBuilder()
                    .WithTcpServer(options.DownlinkHost, options.DownlinkPort)
                    .WithClientId($"monitoring-api-{Environment.ProcessId}-{Guid.NewGuid():N}")
                    .WithCleanSession(true)
                    .WithTimeout(TimeSpan.FromSeconds(5))
                    .Build();
                await _client.ConnectAsync(connect, cancellationToken).ConfigureAwait(false);
                logger.LogInformation("Downlink connected to {Host}:{Port}.", options.DownlinkHost, options.DownlinkPort);
            }
        }
        finally
        {
            _connect.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            await _client.DisconnectAsync().ConfigureAwait(false);
        }

        _client.Dispose();
        _connect.Dispose();
    }
}

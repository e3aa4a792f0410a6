using System.Buffers;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Protocol;
using Monitoring.Protocol.Topics;

namespace Monitoring.Ingestion;

/// <summary>
/// One persistent MQTT session for one uplink partition (<c>jt808/up/{partition}/+</c>, QoS 1). Messages are
/// acknowledged only when their positions are durable (<see cref="AckLedger{TMessage}"/>), so a crash loses nothing
/// the broker handed over: the broker redelivers on reconnect. Reconnects with back-off when the link drops.
/// </summary>
public sealed class MqttPartitionSession : IAsyncDisposable
{
    readonly int _partition;
    readonly string _host;
    readonly int _port;
    readonly string _clientIdPrefix;
    readonly ushort _receiveMaximum;
    readonly PartitionPipeline _pipeline;
    readonly ILogger _logger;
    readonly IMqttClient _client;
    readonly AckLedger<MqttApplicationMessageReceivedEventArgs> _ledger;
    readonly CancellationTokenSource _stop = new();
    long _received;
    int _reconnecting;
    long _connectAttempts;

    public MqttPartitionSession(int partition, string host, int port, string clientIdPrefix, ushort receiveMaximum, PartitionPipeline pipeline, ILogger logger)
    {
        _partition = partition;
        _host = host;
        _port = port;
        _clientIdPrefix = clientIdPrefix;
        _receiveMaximum = receiveMaximum;
        _pipeline = pipeline;
        _logger = logger;
        _client = new MqttClientFactory().CreateMqttClient();
        _ledger = new AckLedger<MqttApplicationMessageReceivedEventArgs>(AcknowledgeAsync);
        _client.ApplicationMessageReceivedAsync += OnMessageAsync;
        _client.DisconnectedAsync += OnDisconnectedAsync;
    }

    public int Partition => _partition;

    public bool IsConnected => _client.IsConnected;

    public long Received => Interlocked.Read(ref _received);

    public int Unacknowledged => _ledger.Waiting;

    /// <summary>Connection attempts so far, the first included.</summary>
    public long ConnectAttempts => Interlocked.Read(ref _connectAttempts);

    /// <summary>Batches up to <paramref name="sequence"/> are durable: acknowledge the messages that waited for them.</summary>
    public void Durable(long sequence) => _ledger.Durable(sequence);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await ConnectAsync(cancellationToken).ConfigureAwait(false);
    }

    async Task ConnectAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _connectAttempts);
        // A stable client id and a session that outlives the connection: QoS 1 messages wait in the broker
        // while the service restarts.
        var options = new MqttClientOptionsBuilder()
            .WithTcpServer(_host, _port)
            .WithClientId($"{_clientIdPrefix}-p{_partition}")
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500)
            .WithCleanStart(false)
            .WithSessionExpiryInterval(7 * 24 * 3600)
            .WithReceiveMaximum(_receiveMaximum)
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(30))
            .WithTimeout(TimeSpan.FromSeconds(10))
            .Build();
        await _client.ConnectAsync(options, cancellationToken).ConfigureAwait(false);
        var subscribe = new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter(MqttTopics.UplinkPartition(_partition), MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
        await _client.SubscribeAsync(subscribe, cancellationToken).ConfigureAwait(false);
    }

    async Task OnMessageAsync(MqttApplicationMessageReceivedEventArgs e)
    {
        Interlocked.Increment(ref _received);
        var payload = e.ApplicationMessage.Payload;
        byte[]? rented = null;
        try
        {
            ReadOnlyMemory<byte> memory;
            if (payload.IsSingleSegment)
            {
                memory = payload.First;
            }
            else
            {
                rented = ArrayPool<byte>.Shared.Rent((int)payload.Length);
                payload.CopyTo(rented);
                memory = rented.AsMemory(0, (int)payload.Length);
            }

            long sequence = await _pipeline.IngestAsync(memory, e.ApplicationMessage.Topic, DateTime.UtcNow, _stop.Token).ConfigureAwait(false);
            if (sequence >= 0)
            {
                e.AutoAcknowledge = false;
                _ledger.Add(sequence, e);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Stopping: not acknowledged, so the broker redelivers it.
            e.AutoAcknowledge = false;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    async Task AcknowledgeAsync(MqttApplicationMessageReceivedEventArgs message)
    {
        try
        {
            await message.AcknowledgeAsync(_stop.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException or InvalidOperationException)
        {
            // The link dropped before the acknowledgement: the broker redelivers, and storage drops the duplicate.
            _logger.LogDebug(ex, "Acknowledgement on partition {Partition} not sent.", _partition);
        }
    }

    async Task OnDisconnectedAsync(MqttClientDisconnectedEventArgs e)
    {
        // MQTTnet raises this event for a failed connect attempt too (ClientWasConnected false): that attempt is the
        // reconnect loop's own, and answering it with another loop would multiply the loops at every failure.
        if (_stop.IsCancellationRequested || !e.ClientWasConnected || Interlocked.Exchange(ref _reconnecting, 1) == 1)
        {
            return;
        }

        try
        {
            await ReconnectAsync(e).ConfigureAwait(false);
        }
        finally
        {
            Volatile.Write(ref _reconnecting, 0);
        }
    }

    async Task ReconnectAsync(MqttClientDisconnectedEventArgs e)
    {

        _logger.LogWarning("Partition {Partition} disconnected from {Host}:{Port} ({Reason}); reconnecting.", _partition, _host, _port, e.Reason);
        var delay = TimeSpan.FromMilliseconds(200);
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(delay, _stop.Token).ConfigureAwait(false);
                await ConnectAsync(_stop.Token).ConfigureAwait(false);
                _logger.LogInformation("Partition {Partition} reconnected.", _partition);
                return;
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception ex) when (ex is MQTTnet.Exceptions.MqttCommunicationException or InvalidOperationException)
            {
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 10_000));
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_client.IsConnected)
        {
            await _client.DisconnectAsync().ConfigureAwait(false);
        }

        _client.Dispose();
        _stop.Dispose();
    }
}

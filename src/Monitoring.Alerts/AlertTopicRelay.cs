using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Monitoring.Alerts.Internal;
using Monitoring.Protocol.Topics;
using Monitoring.Storage;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using Npgsql;

namespace Monitoring.Alerts;

/// <summary>
/// Publishes every alert event, in id order, on <c>alerts/{carrierId}/{opened|escalated|closed}</c> (QoS 1, the
/// <see cref="AlertJson"/> body; protocols/mqtt/asyncapi.yaml). The position is a row of <c>relay_cursors</c>,
/// advanced only past events the broker acknowledged (PUBACK), and locked while a batch is published, so a second
/// instance waits instead of publishing the same events. After a crash between an acknowledgement and the cursor
/// update, those events are published again: at least once, with <c>eventId</c> to tell. Reconnects to the broker
/// and the database with backoff.
/// </summary>
public sealed class AlertTopicRelay : IAsyncDisposable
{
    public const string DefaultCursorName = "mqtt_alerts";

    readonly NpgsqlDataSource _dataSource;
    readonly AlertEventStore _events;
    readonly MqttClientOptions _mqttOptions;
    readonly AlertTopicRelayOptions _options;
    readonly TimeProvider _time;
    readonly ILogger _logger;
    readonly WakeSignal _wake = new();
    IMqttClient? _client;

    /// <param name="mqttOptions">How to reach the broker (<see cref="ClientOptions"/> makes plain ones).</param>
    public AlertTopicRelay(NpgsqlDataSource dataSource, MqttClientOptions mqttOptions, AlertTopicRelayOptions? options = null,
        TimeProvider? timeProvider = null, ILogger<AlertTopicRelay>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(mqttOptions);
        _options = options ?? new AlertTopicRelayOptions();
        _options.Validate();
        _dataSource = dataSource;
        _events = new AlertEventStore(dataSource);
        _mqttOptions = mqttOptions;
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger<AlertTopicRelay>.Instance;
    }

    /// <summary>MQTT 5 client options for a plain TCP broker; a publisher needs no persistent session.</summary>
    public static MqttClientOptions ClientOptions(string host, int port, string clientId) => new MqttClientOptionsBuilder()
        .WithTcpServer(host, port)
        .WithClientId(clientId)
        .WithProtocolVersion(MqttProtocolVersion.V500)
        .WithCleanStart(true)
        .WithKeepAlivePeriod(TimeSpan.FromSeconds(30))
        .WithTimeout(TimeSpan.FromSeconds(10))
        .Build();

    /// <summary>Connected to the broker now.</summary>
    public bool IsConnected => _client?.IsConnected == true;

    /// <summary>Looks at alert_events now instead of at the next poll (new events were committed).</summary>
    public void Wake() => _wake.Set();

    /// <summary>Publishes until cancelled: every <see cref="AlertTopicRelayOptions.PollInterval"/> and on
    /// <see cref="Wake"/>; failures are logged and retried with backoff. Returns when cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var random = new Random();
        int failures = 0;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                try
                {
                    await EnsureConnectedAsync(cancellationToken).ConfigureAwait(false);
                    while (await PublishPendingAsync(cancellationToken).ConfigureAwait(false) == _options.BatchSize)
                    {
                        // A full batch: there may be more.
                    }

                    failures = 0;
                    await _wake.WaitAsync(_options.PollInterval, _time, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                {
                    // Broker or database unreachable, a refused publish, a timeout: start over after a pause. Waking
                    // does not shorten it, so a burst of notifications cannot turn the backoff into a tight loop.
                    failures++;
                    var wait = Backoff.Delay(failures, _options.FirstReconnectDelay, _options.MaxReconnectDelay, 0.2, random);
                    _logger.LogWarning(ex, "MQTT alert relay failed ({Failures} in a row); retrying in {Wait}", failures, wait);
                    await DropClientAsync().ConfigureAwait(false);
                    await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping; whatever was cut short is published again by the next run.
        }
        finally
        {
            await DropClientAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The last event id the broker acknowledged (0 before the first).</summary>
    public async Task<long> CursorAsync(CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand("SELECT position FROM relay_cursors WHERE name = $1");
        command.Parameters.Add(new() { Value = _options.CursorName });
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long position ? position : 0;
    }

    async Task EnsureConnectedAsync(CancellationToken cancellationToken)
    {
        if (_client?.IsConnected == true)
        {
            return;
        }

        await DropClientAsync().ConfigureAwait(false);
        var client = new MqttClientFactory().CreateMqttClient();
        try
        {
            await client.ConnectAsync(_mqttOptions, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            client.Dispose();
            throw;
        }

        _client = client;
        _logger.LogInformation("MQTT alert relay connected to the broker as {ClientId}", _mqttOptions.ClientId);
    }

    /// <summary>One batch after the cursor; returns how many events it read (0 when another instance holds the cursor).</summary>
    async Task<int> PublishPendingAsync(CancellationToken cancellationToken)
    {
        var client = _client ?? throw new InvalidOperationException("Not connected to the broker.");
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (var create = new NpgsqlCommand("INSERT INTO relay_cursors (name, position) VALUES ($1, 0) ON CONFLICT DO NOTHING", connection))
        {
            create.Parameters.Add(new() { Value = _options.CursorName });
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        long position;
        await using (var read = new NpgsqlCommand("SELECT position FROM relay_cursors WHERE name = $1 FOR UPDATE SKIP LOCKED", connection, transaction))
        {
            read.Parameters.Add(new() { Value = _options.CursorName });
            if (await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not long current)
            {
                return 0; // another instance is publishing
            }

            position = current;
        }

        var batch = await _events.ReadDetailsAfterAsync(position, _options.BatchSize, AlertEventFilter.Any, cancellationToken).ConfigureAwait(false);
        long acknowledged = position;
        try
        {
            foreach (var alert in batch)
            {
                await PublishAsync(client, alert, cancellationToken).ConfigureAwait(false);
                acknowledged = alert.Event.Id;
                AlertsMeter.AlertPublished();
            }
        }
        finally
        {
            // Also after a failure part-way: what the broker acknowledged is not published again.
            if (acknowledged > position)
            {
                await using var advance = new NpgsqlCommand("UPDATE relay_cursors SET position = $2 WHERE name = $1", connection, transaction);
                advance.Parameters.Add(new() { Value = _options.CursorName });
                advance.Parameters.Add(new() { Value = acknowledged });
                await advance.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
                await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }

        return batch.Count;
    }

    async Task PublishAsync(IMqttClient client, AlertEventDetail alert, CancellationToken cancellationToken)
    {
        var e = alert.Event;
        var message = new MqttApplicationMessageBuilder()
            .WithTopic(MqttTopics.Alert(e.CarrierId.ToString(CultureInfo.InvariantCulture), AlertJson.EventName(e.Transition)))
            .WithPayload(AlertJson.Serialize(alert))
            .WithContentType("application/json")
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
        using var timeout = new CancellationTokenSource(_options.PublishTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var result = await client.PublishAsync(message, linked.Token).ConfigureAwait(false);
        if (!result.IsSuccess)
        {
            throw new InvalidOperationException(
                $"The broker refused alert event {e.Id} on {message.Topic}: {result.ReasonCode} {result.ReasonString}");
        }
    }

    async Task DropClientAsync()
    {
        if (_client is not { } client)
        {
            return;
        }

        _client = null;
        try
        {
            if (client.IsConnected)
            {
                await client.DisconnectAsync().ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException or InvalidOperationException)
        {
            // Going away anyway.
        }
        finally
        {
            client.Dispose();
        }
    }

    public async ValueTask DisposeAsync() => await DropClientAsync().ConfigureAwait(false);
}

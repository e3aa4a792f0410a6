using Microsoft.Extensions.Logging;
using Monitoring.Alerts;
using Npgsql;

namespace Monitoring.Host.Service;

/// <summary>
/// The alert-delivery relays of `monitoring serve` (docs/alerts.md): the listener on <c>NOTIFY alert_events</c>
/// wakes the webhook relay (outbox → signed HTTP POSTs), the MQTT alert-topic relay and the API's live stream;
/// each of them also polls, so a lost notification only delays.
/// </summary>
sealed class AlertDelivery : IAsyncDisposable
{
    readonly CancellationTokenSource _stop = new();
    readonly WebhookRelay _webhooks;
    readonly AlertTopicRelay _topics;
    readonly Task _running;

    AlertDelivery(NpgsqlDataSource dataSource, string brokerHost, int brokerPort, ILoggerFactory loggers, Action? wakeStream)
    {
        _webhooks = new WebhookRelay(dataSource, logger: loggers.CreateLogger<WebhookRelay>());
        _topics = new AlertTopicRelay(dataSource, AlertTopicRelay.ClientOptions(brokerHost, brokerPort, $"monitoring-alerts-{Environment.ProcessId}"),
            logger: loggers.CreateLogger<AlertTopicRelay>());
        var listener = new AlertEventListener(dataSource, logger: loggers.CreateLogger<AlertEventListener>());
        listener.EventsAvailable += _ =>
        {
            _webhooks.Wake();
            _topics.Wake();
            wakeStream?.Invoke();
        };
        var token = _stop.Token;
        _running = Task.WhenAll(
            Task.Run(() => listener.RunAsync(token), token),
            Task.Run(() => _webhooks.RunAsync(token), token),
            Task.Run(() => _topics.RunAsync(token), token));
    }

    /// <param name="wakeStream">Hurries the API's live stream (null when the API is off).</param>
    public static AlertDelivery Start(NpgsqlDataSource dataSource, string brokerHost, int brokerPort, ILoggerFactory loggers, Action? wakeStream) =>
        new(dataSource, brokerHost, brokerPort, loggers, wakeStream);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }

        await _topics.DisposeAsync();
        _webhooks.Dispose();
        _stop.Dispose();
    }
}

using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Monitoring.Alerts.Internal;
using Monitoring.Storage;
using Npgsql;

namespace Monitoring.Alerts;

/// <summary>
/// Listens on the PostgreSQL channel <c>alert_events</c> (<see cref="AlertEventStore.NotifyChannel"/>) on a
/// connection of its own and raises <see cref="EventsAvailable"/> with the newest event id, so that the host can wake
/// the relays and the API's live stream at once. Notifications are a shortcut, not the record: they are lost while
/// the connection is down, so after every (re)connection the listener raises the newest stored id, and everything
/// that listens must also poll. Reconnects with backoff.
/// </summary>
public sealed class AlertEventListener(NpgsqlDataSource dataSource, TimeProvider? timeProvider = null, ILogger<AlertEventListener>? logger = null)
{
    /// <summary>The <c>application_name</c> of the listening session.</summary>
    public const string ApplicationName = "monitoring-alert-listener";

    readonly TimeProvider _time = timeProvider ?? TimeProvider.System;
    readonly ILogger _logger = logger ?? NullLogger<AlertEventListener>.Instance;
    readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>New events up to the given id are stored (raised on the listener's thread: handlers must be quick,
    /// e.g. <see cref="WebhookRelay.Wake"/>). A handler that throws is logged and does not stop the others.</summary>
    public event Action<long>? EventsAvailable;

    /// <summary>Completes once LISTEN is first in place (and the newest stored id was raised).</summary>
    public Task Listening => _listening.Task;

    /// <summary>How long the connection may stay silent before the listener checks it is still alive.</summary>
    public TimeSpan KeepAliveInterval { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan FirstReconnectDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxReconnectDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Listens until cancelled, reconnecting after failures; returns when cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var random = new Random();
        int failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
                connection.Notification += OnNotification;
                // Named, so that an operator sees it in pg_stat_activity.
                await using (var listen = new NpgsqlCommand($"SET application_name = '{ApplicationName}'; LISTEN {AlertEventStore.NotifyChannel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                if (failures > 0)
                {
                    _logger.LogInformation("Listening for alert events again after {Failures} failed attempts", failures);
                }

                failures = 0;
                await using (var last = new NpgsqlCommand("SELECT COALESCE(max(id), 0) FROM alert_events", connection))
                {
                    // What was committed while nobody listened.
                    Raise((long)(await last.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!);
                }

                _listening.TrySetResult();

                while (!cancellationToken.IsCancellationRequested)
                {
                    if (!await connection.WaitAsync(KeepAliveInterval, cancellationToken).ConfigureAwait(false))
                    {
                        await using var ping = new NpgsqlCommand("SELECT 1", connection);
                        await ping.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    }
                }
            }
            catch (Exception) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                failures++;
                var wait = Backoff.Delay(failures, FirstReconnectDelay, MaxReconnectDelay, 0.2, random);
                _logger.Log(ex is NpgsqlException or IOException or TimeoutException ? LogLevel.Warning : LogLevel.Error, ex,
                    "Listening for alert events failed ({Failures} in a row); reconnecting in {Wait}", failures, wait);
                try
                {
                    await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    void OnNotification(object sender, NpgsqlNotificationEventArgs e)
    {
        if (e.Channel == AlertEventStore.NotifyChannel && long.TryParse(e.Payload, NumberStyles.None, CultureInfo.InvariantCulture, out long id))
        {
            Raise(id);
        }
    }

    void Raise(long id)
    {
        if (EventsAvailable is not { } handlers)
        {
            return;
        }

        foreach (var handler in handlers.GetInvocationList().Cast<Action<long>>())
        {
            try
            {
                handler(id);
            }
            catch (Exception ex)
            {
                _logger.LogError(ex, "An alert event handler failed");
            }
        }
    }
}

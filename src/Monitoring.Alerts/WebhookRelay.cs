using System.Globalization;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Monitoring.Alerts.Internal;
using Monitoring.Storage;
using Npgsql;

namespace Monitoring.Alerts;

/// <summary>
/// Delivers the webhook outbox (one row per subscription and alert event, see <see cref="WebhookOutbox"/>): POSTs
/// the event's JSON (<see cref="AlertJson"/>) to the subscription's URL, signed with its secret
/// (<see cref="WebhookSignature"/>). A 2xx answer delivers the row; anything else (another status, a refused
/// connection, no answer within <see cref="WebhookRelayOptions.RequestTimeout"/>) schedules another attempt with
/// exponential backoff, for as long as the subscription exists and is active. Every attempt is logged in
/// <c>webhook_deliveries</c>. Rows are claimed with a lease, so several relays share the outbox without sending a
/// row twice at once, and rows of a relay that died come due again. Delivery is at least once: a receiver whose
/// 2xx is lost gets the event again, with the same <c>X-Monitoring-Event</c> id.
/// </summary>
public sealed class WebhookRelay : IDisposable
{
    readonly WebhookOutbox _outbox;
    readonly HttpClient _http;
    readonly bool _ownsHttp;
    readonly WebhookRelayOptions _options;
    readonly TimeProvider _time;
    readonly ILogger _logger;
    readonly WakeSignal _wake = new();

    /// <param name="httpClient">The client to send with (its handler should not follow redirects); null = one of
    /// the relay's own. Each request gets <see cref="WebhookRelayOptions.RequestTimeout"/> whatever the client's timeout.</param>
    public WebhookRelay(NpgsqlDataSource dataSource, HttpClient? httpClient = null, WebhookRelayOptions? options = null,
        TimeProvider? timeProvider = null, ILogger<WebhookRelay>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        _options = options ?? new WebhookRelayOptions();
        _options.Validate();
        _outbox = new WebhookOutbox(dataSource);
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger<WebhookRelay>.Instance;
        if (httpClient is null)
        {
            // A redirect would turn the POST into a GET elsewhere: a receiver must answer at its own URL.
            _http = new HttpClient(new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                ConnectTimeout = _options.RequestTimeout,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            })
            { Timeout = Timeout.InfiniteTimeSpan };
            _ownsHttp = true;
        }
        else
        {
            _http = httpClient;
        }
    }

    /// <summary>Looks at the outbox now instead of at the next poll (new events were committed).</summary>
    public void Wake() => _wake.Set();

    /// <summary>Delivers until cancelled: every <see cref="WebhookRelayOptions.PollInterval"/> and on
    /// <see cref="Wake"/>. Database failures are logged and retried; returns when cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        int failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var wait = _options.PollInterval;
            try
            {
                while (await DeliverDueAsync(cancellationToken).ConfigureAwait(false) == _options.BatchSize)
                {
                    // A full batch: there may be more due right now.
                }

                failures = 0;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                // Keep going whatever it was: the host only looks at this task when it stops.
                failures++;
                wait = Backoff.Delay(failures, _options.PollInterval, TimeSpan.FromSeconds(30), 0, Random.Shared);
                _logger.Log(ex is NpgsqlException or TimeoutException or IOException ? LogLevel.Warning : LogLevel.Error, ex,
                    "Webhook relay round failed ({Failures} in a row); next try in {Wait}", failures, wait);
            }

            try
            {
                await _wake.WaitAsync(wait, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>One round: claims up to <see cref="WebhookRelayOptions.BatchSize"/> due rows and attempts them.
    /// Returns how many rows were claimed.</summary>
    public async Task<int> DeliverDueAsync(CancellationToken cancellationToken = default)
    {
        var claimed = await _outbox.ClaimDueAsync(Now(), _options.BatchSize, _options.Lease, cancellationToken).ConfigureAwait(false);
        if (claimed.Count > 0)
        {
            await Task.WhenAll(claimed.GroupBy(d => d.SubscriptionId).Select(g => SendInOrderAsync([.. g], cancellationToken))).ConfigureAwait(false);
        }

        return claimed.Count;
    }

    /// <summary>One subscription's rows, oldest event first. When the receiver cannot be reached at all, the rest
    /// wait with the failed row instead of each waiting for its own timeout.</summary>
    async Task SendInOrderAsync(WebhookDispatch[] rows, CancellationToken cancellationToken)
    {
        int done = 0;
        try
        {
            for (; done < rows.Length; done++)
            {
                var row = rows[done];
                var outcome = await SendAsync(row, cancellationToken).ConfigureAwait(false);
                var attemptedAt = outcome.At;
                AlertsMeter.WebhookAttempt(outcome.Delivered);
                if (outcome.Delivered)
                {
                    await _outbox.RecordDeliveredAsync(row, attemptedAt, outcome.StatusCode!.Value, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                int attempt = row.Attempts + 1;
                var retryAt = Now() + Backoff.Delay(attempt, _options.FirstRetryDelay, _options.MaxRetryDelay, _options.RetryJitter, Random.Shared);
                await _outbox.RecordFailedAsync(row, attemptedAt, outcome.StatusCode, outcome.Error, retryAt, cancellationToken).ConfigureAwait(false);
                _logger.LogWarning("Webhook {Subscription} (carrier {Carrier}), event {Event}, attempt {Attempt} failed: {Failure}; next attempt at {RetryAt:O}",
                    row.SubscriptionId, row.CarrierId, row.Alert.Event.Id, attempt, outcome.Error ?? $"HTTP {outcome.StatusCode}", retryAt);
                if (outcome.StatusCode is null)
                {
                    for (done++; done < rows.Length; done++)
                    {
                        await _outbox.ReleaseAsync(rows[done], retryAt, cancellationToken).ConfigureAwait(false);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: what was not recorded is due again at once (the one in flight may have arrived: at least once).
            for (; done < rows.Length; done++)
            {
                try
                {
                    await _outbox.ReleaseAsync(rows[done], Now(), CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is NpgsqlException or TimeoutException or IOException)
                {
                    break; // the lease ends on its own
                }
            }

            throw;
        }
    }

    async Task<Outcome> SendAsync(WebhookDispatch row, CancellationToken cancellationToken)
    {
        byte[] body = AlertJson.Serialize(row.Alert);
        using var timeout = new CancellationTokenSource(_options.RequestTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var at = Now();
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, row.Url) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            request.Headers.Add(WebhookSignature.EventHeader, row.Alert.Event.Id.ToString(CultureInfo.InvariantCulture));
            request.Headers.Add(WebhookSignature.Header, WebhookSignature.Compute(row.Secret, body));
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            int status = (int)response.StatusCode;
            return new Outcome(at, status, status is >= 200 and < 300, null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new Outcome(at, null, false,
                string.Create(CultureInfo.InvariantCulture, $"no answer within {_options.RequestTimeout.TotalSeconds:0.###} s"));
        }
        catch (HttpRequestException ex)
        {
            string error = ex.InnerException is { } inner && !ex.Message.Contains(inner.Message, StringComparison.Ordinal)
                ? $"{ex.Message} ({inner.Message})"
                : ex.Message;
            return new Outcome(at, null, false, error);
        }
        catch (Exception ex) when (ex is InvalidOperationException or NotSupportedException or UriFormatException)
        {
            return new Outcome(at, null, false, ex.Message);
        }
    }

    DateTime Now() => _time.GetUtcNow().UtcDateTime;

    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    readonly record struct Outcome(DateTime At, int? StatusCode, bool Delivered, string? Error);
}

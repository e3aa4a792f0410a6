using System.Globalization;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Monitoring.Api.Access;
using Monitoring.Api.Data;
using Monitoring.Storage;
using NpgsqlTypes;

namespace Monitoring.Api.Live;

/// <summary>
/// <c>GET /api/alerts/stream</c>: Server-Sent Events. A client that sends Last-Event-ID (header, or
/// <c>?lastEventId=</c>) first gets the matching events after that id from the table (scope in SQL), then the live
/// ones; without it, only live ones. A comment line goes out when idle; the key is checked again every minute.
/// </summary>
static class AlertStreamEndpoint
{
    static readonly TimeSpan KeyRecheck = TimeSpan.FromMinutes(1);

    public static async Task RunAsync(HttpContext context, Caller caller, StreamFilter filter, long? lastEventId, AlertStreamSubscribers subscribers,
        AlertReader alerts, ApiDatabase database, ApiOptions options, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, TimeProvider time)
    {
        var cancellationToken = context.RequestAborted;
        var response = context.Response;
        response.Headers.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        var writer = new EventWriter(response, json.Value.SerializerOptions);
        using var subscription = subscribers.Subscribe(filter);
        try
        {
            await writer.RawAsync("retry: 3000\n\n", cancellationToken).ConfigureAwait(false);
            var sent = new HashSet<long>();
            if (lastEventId is { } after && filter.ToStoreFilter() is { } storeFilter)
            {
                await ReplayAsync(writer, caller, storeFilter, after, subscription.From, alerts, database, sent, cancellationToken).ConfigureAwait(false);
            }

            var lastCheck = time.GetUtcNow();
            while (!cancellationToken.IsCancellationRequested)
            {
                using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                idle.CancelAfter(options.StreamHeartbeat);
                try
                {
                    var e = await subscription.Queue.Reader.ReadAsync(idle.Token).ConfigureAwait(false);
                    if (sent.Count == 0 || !sent.Remove(e.EventId))
                    {
                        await writer.EventAsync(e, cancellationToken).ConfigureAwait(false);
                    }
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    await writer.RawAsync(": idle\n\n", cancellationToken).ConfigureAwait(false);
                }

                if (time.GetUtcNow() - lastCheck > KeyRecheck)
                {
                    lastCheck = time.GetUtcNow();
                    if (!await KeyIsLiveAsync(database, caller.KeyId, cancellationToken).ConfigureAwait(false))
                    {
                        return;
                    }
                }
            }
        }
        catch (ChannelClosedException)
        {
            // Too slow: the client reconnects with Last-Event-ID.
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away.
        }
    }

    static async Task ReplayAsync(EventWriter writer, Caller caller, AlertEventFilter filter, long after, long until, AlertReader alerts,
        ApiDatabase database, HashSet<long> sent, CancellationToken cancellationToken)
    {
        var store = new AlertEventStore(database.DataSource);
        while (after < until)
        {
            var events = await store.ReadAfterAsync(after, 500, filter, cancellationToken).ConfigureAwait(false);
            if (events.Count == 0)
            {
                return;
            }

            var found = await alerts.ByKeysAsync(caller, [.. events.Select(e => e.Episode).Distinct()], cancellationToken).ConfigureAwait(false);
            foreach (var e in events)
            {
                if (e.Id > until)
                {
                    return;
                }

                if (found.TryGetValue(e.Episode, out var alert))
                {
                    await writer.EventAsync(AlertStreamHub.ToLive(e, alert), cancellationToken).ConfigureAwait(false);
                    sent.Add(e.Id);
                }
            }

            after = events[^1].Id;
        }
    }

    static async Task<bool> KeyIsLiveAsync(ApiDatabase database, long keyId, CancellationToken cancellationToken)
    {
        var sql = new Sql("SELECT count(*) FROM api_keys WHERE revoked_at IS NULL AND id = ");
        sql.Append(sql.P(keyId, NpgsqlDbType.Bigint));
        await using var command = sql.Command(database.DataSource);
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))! > 0;
    }

    sealed class EventWriter(HttpResponse response, JsonSerializerOptions json)
    {
        public async Task EventAsync(LiveAlert e, CancellationToken cancellationToken)
        {
            string data = JsonSerializer.Serialize(e.Alert, json);
            await RawAsync(string.Create(CultureInfo.InvariantCulture, $"id: {e.EventId}\nevent: {e.Transition}\ndata: {data}\n\n"), cancellationToken).ConfigureAwait(false);
        }

        public async Task RawAsync(string text, CancellationToken cancellationToken)
        {
            await response.WriteAsync(text, cancellationToken).ConfigureAwait(false);
            await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}

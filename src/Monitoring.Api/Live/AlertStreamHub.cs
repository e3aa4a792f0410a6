using Mediator;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Monitoring.Api.Data;
using Monitoring.Storage;

namespace Monitoring.Api.Live;

/// <summary>
/// One per process: reads new alert events once (woken by the store's NOTIFY through <see cref="Wake"/>, or every
/// <see cref="ApiOptions.StreamPollInterval"/>), joins them with their alerts, and publishes them as
/// <see cref="AlertEventsAppended"/> for the connected clients. Identity ids are handed out before commit, so a
/// smaller id can commit after a larger one; a hole below the newest id read is looked at again for
/// <see cref="GapWait"/> before it is taken for a rolled-back insert.
/// </summary>
sealed class AlertStreamHub(ApiDatabase database, AlertReader alerts, AlertStreamSubscribers subscribers, IPublisher publisher, ApiOptions options,
    TimeProvider time, ILogger<AlertStreamHub> logger) : BackgroundService
{
    /// <summary>How long a missing id is waited for.</summary>
    public static readonly TimeSpan GapWait = TimeSpan.FromSeconds(10);

    const int BatchSize = 1000;

    readonly SemaphoreSlim _wake = new(0, 1);
    readonly Dictionary<long, DateTime> _gaps = [];
    long _read;

    /// <summary>Looks for new events now (the host calls it on <c>NOTIFY alert_events</c>).</summary>
    public void Wake()
    {
        try
        {
            if (_wake.CurrentCount == 0)
            {
                _wake.Release();
            }
        }
        catch (SemaphoreFullException)
        {
            // Already awake.
        }
    }

    bool _started;

    /// <summary>Takes the newest event id before the server takes requests, so that a client connecting right after
    /// start-up misses nothing; if the database does not answer within a few seconds, the loop keeps trying.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            _read = await new AlertEventStore(database.DataSource).LastIdAsync(timeout.Token).ConfigureAwait(false);
            subscribers.Start(_read);
            _started = true;
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Alert stream: the database is not reachable at start ({Message}); trying again.", e.Message);
        }

        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var store = new AlertEventStore(database.DataSource);
        while (!_started && !stoppingToken.IsCancellationRequested)
        {
            try
            {
                _read = await store.LastIdAsync(stoppingToken).ConfigureAwait(false);
                subscribers.Start(_read);
                _started = true;
            }
            catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException)
            {
                logger.LogWarning("Alert stream: the database is not reachable ({Message}); trying again.", e.Message);
                await Task.Delay(TimeSpan.FromSeconds(2), time, stoppingToken).ConfigureAwait(false);
            }
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await _wake.WaitAsync(options.StreamPollInterval, stoppingToken).ConfigureAwait(false);
                while (await ReadOnceAsync(store, stoppingToken).ConfigureAwait(false) == BatchSize)
                {
                    // A full batch: there may be more.
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException or InvalidOperationException)
            {
                logger.LogWarning("Alert stream: reading events failed ({Message}); trying again.", e.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Reads, joins and publishes one batch; returns how many events were read after the position.</summary>
    internal async Task<int> ReadOnceAsync(AlertEventStore store, CancellationToken cancellationToken)
    {
        // Late events are read too (and filtered per client), so that a hole in the ids is only a hole.
        var events = new List<AlertEvent>(await store.ReadAfterAsync(_read, BatchSize, AlertEventFilter.Any, cancellationToken).ConfigureAwait(false));
        int fresh = events.Count;
        var now = time.GetUtcNow().UtcDateTime;
        long expected = _read + 1;
        foreach (var e in events)
        {
            for (long missing = expected; missing < e.Id && _gaps.Count < 10_000; missing++)
            {
                _gaps.TryAdd(missing, now + GapWait);
            }

            expected = e.Id + 1;
        }

        if (events.Count > 0)
        {
            _read = events[^1].Id;
        }

        if (_gaps.Count > 0)
        {
            var filled = await ReadIdsAsync(_gaps.Keys.ToArray(), cancellationToken).ConfigureAwait(false);
            events.AddRange(filled);
            foreach (var e in filled)
            {
                _gaps.Remove(e.Id);
            }

            foreach (long id in _gaps.Where(g => g.Value <= now).Select(g => g.Key).ToList())
            {
                _gaps.Remove(id);
            }
        }

        if (events.Count == 0)
        {
            return 0;
        }

        var found = await alerts.ByKeysAsync(null, [.. events.Select(e => e.Episode).Distinct()], cancellationToken).ConfigureAwait(false);
        var live = new List<LiveAlert>(events.Count);
        foreach (var e in events)
        {
            if (found.TryGetValue(e.Episode, out var alert))
            {
                live.Add(ToLive(e, alert));
            }
        }

        await publisher.Publish(new AlertEventsAppended(live), cancellationToken).ConfigureAwait(false);
        return fresh;
    }

    public static LiveAlert ToLive(AlertEvent e, Contracts.Alert alert)
    {
        ArgumentNullException.ThrowIfNull(e);
        string transition = e.Transition switch
        {
            EpisodeState.Opened => "opened",
            EpisodeState.Escalated => "escalated",
            _ => "closed",
        };
        return new LiveAlert(e.Id, transition, e.Severity, e.Late, e.CarrierId, e.CountyId, alert);
    }

    async Task<List<AlertEvent>> ReadIdsAsync(long[] ids, CancellationToken cancellationToken)
    {
        var sql = new Sql("SELECT id, vehicle_id, rule, start_time, transition, severity, late, carrier_id, county_id, created_at FROM alert_events WHERE id = ANY(");
        sql.Append(sql.P(ids, NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Bigint)).Append(") ORDER BY id");
        var list = new List<AlertEvent>();
        await using var command = sql.Command(database.DataSource);
        await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(new AlertEvent(r.GetInt64(0), new EpisodeKey(r.GetInt64(1), r.GetString(2), r.GetFieldValue<DateTime>(3)), (EpisodeState)r.GetInt16(4),
                r.GetInt16(5), r.GetBoolean(6), r.GetInt64(7), r.GetInt32(8), r.GetFieldValue<DateTime>(9)));
        }

        return list;
    }

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }
}

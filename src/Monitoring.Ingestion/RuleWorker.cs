using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Monitoring.Rules;
using Monitoring.Storage;

namespace Monitoring.Ingestion;

/// <summary>
/// One single-threaded rule worker: it owns the rule engines of its partitions and is the only thread that
/// touches them. Fixes arrive through a bounded channel (a full channel slows MQTT reading down); episode
/// transitions go out to <see cref="EpisodeNotice"/> consumers; checkpoints go to the state store.
/// </summary>
public sealed class RuleWorker
{
    readonly Channel<RuleInput> _input;
    readonly RuleEngine?[] _engines;
    readonly List<long>?[] _vehicleIds;
    readonly EpisodeBuffer _events = new(4096);
    readonly ChannelWriter<EpisodeNotice> _episodes;
    readonly Func<int, IReadOnlyList<RuleStateCheckpoint>, Task> _saveCheckpoint;
    readonly ILogger _logger;
    readonly long[] _newestDeviceTime;
    readonly long[] _lastFixTicks;
    readonly int _futureTolerance;
    long _futureFixes;

    public RuleWorker(int capacity, RuleEngine?[] engines, List<long>?[] vehicleIds, ChannelWriter<EpisodeNotice> episodes,
        Func<int, IReadOnlyList<RuleStateCheckpoint>, Task> saveCheckpoint, ILogger logger, int futureToleranceSeconds = 0)
    {
        _futureTolerance = futureToleranceSeconds;
        // Room for the clock and checkpoint inputs of every partition on top of the fixes, so that stopping never blocks.
        _input = Channel.CreateBounded<RuleInput>(new BoundedChannelOptions(capacity + 2 * engines.Length) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        _engines = engines;
        _newestDeviceTime = new long[engines.Length];
        _newestDeviceTime.AsSpan().Fill(long.MinValue);
        _lastFixTicks = new long[engines.Length];
        _lastFixTicks.AsSpan().Fill(Environment.TickCount64);
        _vehicleIds = vehicleIds;
        _episodes = episodes;
        _saveCheckpoint = saveCheckpoint;
        _logger = logger;
    }

    public ChannelWriter<RuleInput> Input => _input.Writer;

    /// <summary>Fixes dropped because their device time was ahead of the server's clock by more than the tolerance.</summary>
    public long FutureFixes => Interlocked.Read(ref _futureFixes);

    /// <summary>
    /// The profile the workers' engines run with: the engine's own check of fixes from the future is off, because its
    /// clock trails a backlog on purpose (<see cref="PartitionClock"/>), and a backlog's fixes would then look like the
    /// future. The worker judges them against the server's clock instead (<c>futureToleranceSeconds</c>; 0 = never, for
    /// the device clock, which replays any time).
    /// </summary>
    public static RuleProfile EngineProfile(RuleProfile profile) => profile with { FutureToleranceSeconds = int.MaxValue / 2 };

    public int QueueDepth => _input.Reader.Count;

    /// <summary>Newest device time among the fixes of <paramref name="partition"/> evaluated so far (Unix seconds).
    /// Per partition, because each partition arrives through its own MQTT session, in order, at its own pace.</summary>
    public long NewestDeviceTime(int partition) => Interlocked.Read(ref _newestDeviceTime[partition]);

    /// <summary>Time since the last fix of <paramref name="partition"/> reached this worker (since the worker started, before the first).</summary>
    public TimeSpan SinceLastFix(int partition) => TimeSpan.FromMilliseconds(Environment.TickCount64 - Interlocked.Read(ref _lastFixTicks[partition]));

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var reader = _input.Reader;
        try
        {
            while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (reader.TryRead(out var input))
                {
                    await HandleAsync(input).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: what is still queued was not acknowledged to nobody; positions are durable regardless.
        }
    }

    async ValueTask HandleAsync(RuleInput input)
    {
        var engine = _engines[input.Partition];
        if (engine is null)
        {
            _logger.LogError("Partition {Partition} is not this worker's; input dropped.", input.Partition);
            return;
        }

        switch (input.Kind)
        {
            case RuleInputKind.Fix:
                if (_futureTolerance > 0 && input.Fix.Time > DateTimeOffset.UtcNow.ToUnixTimeSeconds() + _futureTolerance)
                {
                    // RULES.md §5.2: time not after reception. Stored as received, but not evaluated.
                    Interlocked.Increment(ref _futureFixes);
                    break;
                }

                engine.Process(input.Fix, _events);
                Volatile.Write(ref _lastFixTicks[input.Partition], Environment.TickCount64);
                if (input.Fix.Time > _newestDeviceTime[input.Partition])
                {
                    Interlocked.Exchange(ref _newestDeviceTime[input.Partition], input.Fix.Time);
                }

                break;
            case RuleInputKind.Clock:
                engine.AdvanceClock(input.Now, _events);
                break;
            case RuleInputKind.Checkpoint:
                await CheckpointAsync(input.Partition, engine, new DateTime(input.Now, DateTimeKind.Utc)).ConfigureAwait(false);
                break;
            case RuleInputKind.AddVehicles when input.Added is { } added:
                // Ahead of any fix of theirs in this queue: the directory shows their terminals only after this was queued.
                _engines[input.Partition] = engine.WithVehicles([.. added.Select(a => a.Vehicle)]);
                _vehicleIds[input.Partition]!.AddRange(added.Select(a => a.Id));
                break;
            default:
                break;
        }

        if (_events.Count > 0)
        {
            var ids = _vehicleIds[input.Partition]!;
            for (int i = 0; i < _events.Count; i++)
            {
                var e = _events[i];
                // Episodes are rare next to fixes; a full channel here waits rather than drops (exactly once).
                var notice = new EpisodeNotice(ids[e.Vehicle], input.Partition, e, input.Kind == RuleInputKind.Fix ? input.Fix.Time : long.MinValue);
                if (!_episodes.TryWrite(notice))
                {
                    await _episodes.WriteAsync(notice).ConfigureAwait(false);
                }
            }

            _events.Clear();
        }
    }

    /// <param name="asOf">When the checkpoint was asked for: every fix received before then (less the moment it takes
    /// to reach this queue) was ahead of it in the queue, so replaying from there after a restart misses nothing.</param>
    async Task CheckpointAsync(int partition, RuleEngine engine, DateTime asOf)
    {
        var ids = _vehicleIds[partition]!;
        var now = asOf;
        var states = new List<RuleStateCheckpoint>(ids.Count);
        for (int v = 0; v < ids.Count; v++)
        {
            states.Add(new RuleStateCheckpoint(ids[v], engine.SaveVehicle(v), now));
        }

        try
        {
            await _saveCheckpoint(partition, states).ConfigureAwait(false);
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException or InvalidOperationException)
        {
            // A missed checkpoint costs only replay time after a restart; the next one will try again.
            _logger.LogWarning(e, "Checkpoint of partition {Partition} failed.", partition);
        }
    }
}

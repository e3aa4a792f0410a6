using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Monitoring.Protocol;
using Monitoring.Rules;
using Monitoring.Storage;
using Npgsql;

namespace Monitoring.Ingestion;

/// <summary>
/// The ingestion pipeline of `monitoring serve`: one MQTT session per uplink partition → hot path → shared
/// position batcher (acknowledging messages once their batch is durable) and the partitions' rule workers →
/// episodes (stored, and handed to observers) and checkpoints. Dead letters keep every rejected frame.
/// </summary>
public sealed class IngestionService : IAsyncDisposable
{
    readonly IngestionOptions _options;
    readonly ILogger _logger;
    readonly List<MqttPartitionSession> _sessions = [];
    readonly List<PartitionPipeline> _pipelines = [];
    readonly List<RuleWorker> _workers = [];
    readonly List<Task> _tasks = [];
    readonly List<Task> _workerTasks = [];
    readonly CancellationTokenSource _stop = new();
    readonly Channel<EpisodeNotice> _episodes = Channel.CreateBounded<EpisodeNotice>(new BoundedChannelOptions(65_536) { SingleReader = true });
    readonly Channel<(IReadOnlyList<DeadLetter> Letters, TaskCompletionSource Stored)> _deadLetters =
        Channel.CreateBounded<(IReadOnlyList<DeadLetter>, TaskCompletionSource)>(new BoundedChannelOptions(4096) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    readonly ConcurrentDictionary<long, VehicleRecord> _vehicles;
    TerminalDirectory? _directory;
    DeadLetterStore? _deadLetterStore;
    long _durableUpTo = -1;
    DateTime _vehiclesChangedSince;
    PositionBatcher? _batcher;
    PositionWriter? _writer;
    long _episodesRecorded;
    long _deadLettersRecorded;

    IngestionService(IngestionOptions options, ConcurrentDictionary<long, VehicleRecord> vehicles, DateTime vehiclesChangedSince, ILogger logger)
    {
        _options = options;
        _vehicles = vehicles;
        _vehiclesChangedSince = vehiclesChangedSince;
        _logger = logger;
    }

    public IReadOnlyList<MqttPartitionSession> Sessions => _sessions;

    public IReadOnlyList<RuleWorker> Workers => _workers;

    public long Positions => _pipelines.Sum(p => p.Counters.Positions);

    public long Messages => _pipelines.Sum(p => p.Counters.Messages);

    public long EpisodesRecorded => Interlocked.Read(ref _episodesRecorded);

    public long DeadLettersRecorded => Interlocked.Read(ref _deadLettersRecorded);

    public IEnumerable<IngestCounters> Counters => _pipelines.Select(p => p.Counters);

    /// <summary>Set when positions could not be made durable (spool full): the service must stop; nothing was acknowledged.</summary>
    public Exception? Fault { get; private set; }

    public static async Task<IngestionService> StartAsync(
        IngestionOptions options,
        string brokerHost,
        int brokerPort,
        NpgsqlDataSource dataSource,
        PositionWriterOptions writerOptions,
        ILoggerFactory loggers,
        Action<EpisodeNotice, VehicleRecord>? observer,
        CancellationToken cancellationToken)
    {
        options.Validate();
        var logger = loggers.CreateLogger<IngestionService>();
        var path = await new SchemaMigrator(dataSource, loggers.CreateLogger<SchemaMigrator>()).ReadRecordedPathAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException("The database has no schema: run `monitoring db migrate` first.");
        var (all, newest) = await new ReferenceStore(dataSource).VehiclesChangedSinceAsync(DateTime.UnixEpoch, cancellationToken).ConfigureAwait(false);
        var vehicles = new ConcurrentDictionary<long, VehicleRecord>(all.Where(v => v.TerminalPhone is not null).Select(v => KeyValuePair.Create(v.Id, v)));
        var service = new IngestionService(options, vehicles, newest, logger);
        await service.StartAsync(path, brokerHost, brokerPort, dataSource, writerOptions, loggers, observer, cancellationToken).ConfigureAwait(false);
        return service;
    }

    async Task StartAsync(StoragePath path, string brokerHost, int brokerPort, NpgsqlDataSource dataSource, PositionWriterOptions writerOptions,
        ILoggerFactory loggers, Action<EpisodeNotice, VehicleRecord>? observer, CancellationToken cancellationToken)
    {
        var terminals = new List<(long, TerminalPhone)>();
        foreach (var v in _vehicles.Values)
        {
            if (TryParsePhone(v.TerminalPhone!, out var phone))
            {
                terminals.Add((v.Id, phone));
            }
            else
            {
                _logger.LogWarning("Vehicle {Vehicle} has a terminal phone that is not 1-20 digits: {Phone}.", v.Id, v.TerminalPhone);
            }
        }

        var directory = new TerminalDirectory(terminals, _options.Partitions);
        _directory = directory;
        var states = new RuleStateStore(dataSource);
        int workers = Math.Min(_options.RuleWorkers, _options.Partitions);
        var engines = new RuleEngine?[workers][];
        var ids = new List<long>?[_options.Partitions];
        for (int w = 0; w < workers; w++)
        {
            engines[w] = new RuleEngine?[_options.Partitions];
        }

        var profile = RuleWorker.EngineProfile(RuleProfile.Default);
        int futureTolerance = _options.Clock == EngineClockMode.Wall ? RuleProfile.Default.FutureToleranceSeconds : 0;
        int restored = 0;
        long replayed = 0;
        var replay = new PositionReplay(dataSource);
        var episodeStore = new EpisodeStore(dataSource, path);
        for (int p = 0; p < _options.Partitions; p++)
        {
            var members = directory.VehiclesOf(p);
            var engine = new RuleEngine(profile, members.Select(id => ToRulesVehicle(_vehicles[id])).ToList());
            var index = new Dictionary<long, int>(members.Count);
            for (int i = 0; i < members.Count; i++)
            {
                index[members[i]] = i;
            }

            var checkpoints = await states.LoadAsync(p, cancellationToken).ConfigureAwait(false);
            foreach (var checkpoint in checkpoints)
            {
                if (index.TryGetValue(checkpoint.VehicleId, out int vehicle) && engine.RestoreVehicle(vehicle, checkpoint.State))
                {
                    restored++;
                }
            }

            replayed += await CatchUpAsync(p, engine, members, index, checkpoints, replay, episodeStore, cancellationToken).ConfigureAwait(false);
            engines[p % workers][p] = engine;
            ids[p] = [.. members];
        }

        _logger.LogInformation("{Vehicles} terminals in {Partitions} partitions on {Workers} rule workers; {Restored} vehicles' rule state restored from checkpoints, {Replayed} positions replayed since.",
            directory.Count, _options.Partitions, workers, restored, replayed);

        for (int w = 0; w < workers; w++)
        {
            var worker = new RuleWorker(_options.WorkerQueueCapacity, engines[w], ids, _episodes.Writer,
                (partition, list) => states.SaveAsync(partition, list, CancellationToken.None), loggers.CreateLogger<RuleWorker>(), futureTolerance);
            _workers.Add(worker);
            _workerTasks.Add(Task.Run(() => worker.RunAsync(CancellationToken.None)));
        }

        _tasks.Add(Task.Run(() => RecordEpisodesAsync(episodeStore, observer)));
        var deadLetterStore = new DeadLetterStore(dataSource);
        _deadLetterStore = deadLetterStore;
        _tasks.Add(Task.Run(() => RecordDeadLettersAsync(deadLetterStore)));

        _writer = new PositionWriter(dataSource, writerOptions, loggers.CreateLogger<PositionWriter>());

        // Batches spooled while the database was away (before a restart) go in first, in order.
        await _writer.ReplaySpoolAsync(cancellationToken).ConfigureAwait(false);
        _batcher = new PositionBatcher(_writer, _options.BatchSize, _options.BatchDelay, OnBatch, loggers.CreateLogger<PositionBatcher>());

        for (int p = 0; p < _options.Partitions; p++)
        {
            var pipeline = new PartitionPipeline(new TelemetryIngestor(directory), _batcher, _workers[p % workers], StoreDeadLettersAsync);
            _pipelines.Add(pipeline);
            var session = new MqttPartitionSession(p, brokerHost, brokerPort, "monitoring", _options.ReceiveMaximum, pipeline, loggers.CreateLogger<MqttPartitionSession>());
            _sessions.Add(session);
        }

        await Task.WhenAll(_sessions.Select(s => s.StartAsync(cancellationToken))).ConfigureAwait(false);
        _tasks.Add(Task.Run(TickAsync));
        try
        {
            await ReplayFramesOfVehiclesRegisteredWhileStoppedAsync(directory).ConfigureAwait(false);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            _logger.LogWarning(e, "Replaying the frames of vehicles registered while the service was stopped failed; they stay in the dead letters.");
        }
        _tasks.Add(Task.Run(() => RegisterVehiclesAsync(new ReferenceStore(dataSource))));
        _logger.LogInformation("Subscribed to {Partitions} uplink partitions at {Host}:{Port}.", _options.Partitions, brokerHost, brokerPort);
    }

    /// <summary>
    /// Positions acknowledged after the partition's last checkpoint are durable but not in the restored rule state:
    /// evaluate them again (episode writes are idempotent; nothing is pushed to observers twice). A fix already in the
    /// state comes back as a duplicate or a re-send and opens nothing.
    /// </summary>
    async Task<long> CatchUpAsync(int partition, RuleEngine engine, IReadOnlyList<long> members, Dictionary<long, int> index, IReadOnlyList<RuleStateCheckpoint> checkpoints,
        PositionReplay replay, EpisodeStore episodes, CancellationToken cancellationToken)
    {
        if (members.Count == 0)
        {
            return 0;
        }

        // A fix reaches its worker's queue a little after it is received (longer when the queue was full), so start
        // well before the checkpoint: replaying a fix the state already has is harmless (a duplicate or re-send).
        // Without a checkpoint the last day is enough: no rule looks further back than 24 hours.
        var margin = TimeSpan.FromTicks(Math.Max(TimeSpan.FromSeconds(60).Ticks, 2 * _options.CheckpointInterval.Ticks));
        var since = checkpoints.Count > 0 ? checkpoints.Min(c => c.UpdatedAt) - margin : DateTime.UtcNow.AddDays(-1);
        var positions = await replay.ReceivedSinceAsync(members, since, cancellationToken).ConfigureAwait(false);
        var events = new EpisodeBuffer(1024);
        var records = new List<EpisodeRecord>();
        var now = DateTime.UtcNow;
        long wall = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        foreach (var position in positions)
        {
            var fix = Fixes.From(position, index[position.VehicleId]);
            if (_options.Clock == EngineClockMode.Wall && fix.Time > wall + RuleProfile.Default.FutureToleranceSeconds)
            {
                continue; // From the future: the worker drops it live too.
            }

            engine.Process(fix, events);
            foreach (var e in events.Events)
            {
                long vehicle = members[e.Vehicle];
                records.Add(EpisodeRecords.From(new EpisodeNotice(vehicle, partition, e), _vehicles[vehicle], now));
            }

            events.Clear();
        }

        if (records.Count > 0)
        {
            await episodes.UpsertAsync(records, cancellationToken).ConfigureAwait(false);
        }

        return positions.Count;
    }

    /// <summary>
    /// Vehicles registered while the service runs: every <see cref="IngestionOptions.RegistrationInterval"/>, the rows of
    /// <c>vehicles</c> changed since the last look (less a minute, for transactions that committed late). A new terminal
    /// joins its partition's engine, then the directory; a changed vehicle's carrier or county applies to its next
    /// episodes. A terminal moved to another vehicle, or a vehicle's terminal replaced, takes effect at the next restart
    /// (its rule state would have to move between partitions).
    /// </summary>
    async Task RegisterVehiclesAsync(ReferenceStore store)
    {
        using var timer = new PeriodicTimer(_options.RegistrationInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
            {
                try
                {
                    await RegisterChangedVehiclesAsync(store).ConfigureAwait(false);
                }
                catch (Exception e) when (e is NpgsqlException or TimeoutException)
                {
                    _logger.LogWarning(e, "Looking for newly registered vehicles failed; trying again in {Interval}.", _options.RegistrationInterval);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    internal async Task<int> RegisterChangedVehiclesAsync(ReferenceStore store)
    {
        var directory = _directory!;
        var (changed, newest) = await store.VehiclesChangedSinceAsync(_vehiclesChangedSince.AddMinutes(-1), _stop.Token).ConfigureAwait(false);
        _vehiclesChangedSince = newest;
        var added = new List<(long VehicleId, TerminalPhone Phone)>();
        foreach (var vehicle in changed)
        {
            if (_vehicles.TryGetValue(vehicle.Id, out var known))
            {
                if (known.TerminalPhone != vehicle.TerminalPhone)
                {
                    _logger.LogWarning("Vehicle {Vehicle} changed its terminal from {Old} to {New}; that takes effect at the next restart.", vehicle.Id, known.TerminalPhone, vehicle.TerminalPhone);
                    continue;
                }

                _vehicles[vehicle.Id] = vehicle;
                continue;
            }

            if (vehicle.TerminalPhone is null)
            {
                continue;
            }

            if (!TryParsePhone(vehicle.TerminalPhone, out var phone))
            {
                _logger.LogWarning("Vehicle {Vehicle} has a terminal phone that is not 1-20 digits: {Phone}.", vehicle.Id, vehicle.TerminalPhone);
                continue;
            }

            if (directory.Contains(phone) || added.Exists(a => a.Phone.Equals(phone)))
            {
                _logger.LogWarning("Vehicle {Vehicle} has terminal {Phone}, which another vehicle already has; that takes effect at the next restart.", vehicle.Id, vehicle.TerminalPhone);
                continue;
            }

            _vehicles[vehicle.Id] = vehicle;
            added.Add((vehicle.Id, phone));
        }

        if (added.Count == 0)
        {
            return 0;
        }

        var plan = directory.Plan(added);
        foreach (var partition in plan.GroupBy(p => p.Slot.Partition))
        {
            var members = partition.OrderBy(p => p.Slot.Index).Select(p => (p.Slot.VehicleId, ToRulesVehicle(_vehicles[p.Slot.VehicleId]))).ToList();
            var worker = _workers[partition.Key % _workers.Count];
            await worker.Input.WriteAsync(new RuleInput(RuleInputKind.AddVehicles, partition.Key, default, 0, members), _stop.Token).ConfigureAwait(false);
        }

        directory.Publish(plan);
        _logger.LogInformation("{Count} newly registered terminals joined the pipeline.", plan.Count);
        foreach (var (slot, _) in plan)
        {
            await ReplayUnknownTerminalFramesAsync(directory, slot, _vehicles[slot.VehicleId].TerminalPhone!).ConfigureAwait(false);
        }

        return plan.Count;
    }

    /// <summary>Vehicles registered while the service was stopped: their terminals' earlier frames wait in the dead letters.</summary>
    async Task ReplayFramesOfVehiclesRegisteredWhileStoppedAsync(TerminalDirectory directory)
    {
        var phones = await _deadLetterStore!.RegisteredPhonesWithUnknownTerminalFramesAsync(DateTime.UtcNow.AddDays(-7), _stop.Token).ConfigureAwait(false);
        foreach (string phone in phones)
        {
            if (TryParsePhone(phone, out var parsed) && directory.TryFind(parsed, out var slot))
            {
                await ReplayUnknownTerminalFramesAsync(directory, slot, phone).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// What a terminal sent in the week before its vehicle was registered went to the dead letters: run it through
    /// the pipeline now (storage drops what it already has; the engine takes the fixes as late), and mark it replayed
    /// once its positions are durable.
    /// </summary>
    async Task ReplayUnknownTerminalFramesAsync(TerminalDirectory directory, VehicleSlot slot, string phone)
    {
        var letters = await _deadLetterStore!.UnknownTerminalFramesAsync(phone, DateTime.UtcNow.AddDays(-7), _stop.Token).ConfigureAwait(false);
        if (letters.Count == 0)
        {
            return;
        }

        // A pipeline of its own: the partition's session uses its own concurrently (the batcher and the worker queue are shared safely).
        var pipeline = new PartitionPipeline(new TelemetryIngestor(directory), _batcher!, _workers[slot.Partition % _workers.Count], StoreDeadLettersAsync);
        long sequence = -1;
        foreach (var (_, letter) in letters)
        {
            // A dead letter keeps a frame's escaped bytes between its flags (0x7E): put the flags back for the framer.
            byte[] frame = [Jt808Flag, .. letter.Raw, Jt808Flag];
            sequence = Math.Max(sequence, await pipeline.IngestAsync(frame, letter.Topic ?? "", letter.ReceivedAt, _stop.Token).ConfigureAwait(false));
        }

        while (Interlocked.Read(ref _durableUpTo) < sequence && Fault is null)
        {
            await Task.Delay(50, _stop.Token).ConfigureAwait(false);
        }

        await _deadLetterStore.MarkReplayedAsync([.. letters.Select(l => l.Id)], DateTime.UtcNow, _stop.Token).ConfigureAwait(false);
        _logger.LogInformation("Vehicle {Vehicle}: {Count} frames its terminal sent before it was registered were replayed.", slot.VehicleId, letters.Count);
    }

    const byte Jt808Flag = 0x7E;

    static void InterlockedMax(ref long target, long value)
    {
        long seen = Interlocked.Read(ref target);
        while (value > seen)
        {
            long previous = Interlocked.CompareExchange(ref target, value, seen);
            if (previous == seen)
            {
                return;
            }

            seen = previous;
        }
    }

    void OnBatch(BatchResult result)
    {
        if (result.IsDurable)
        {
            InterlockedMax(ref _durableUpTo, result.Sequence);
            foreach (var session in _sessions)
            {
                session.Durable(result.Sequence);
            }

            return;
        }

        // Neither stored nor spooled: acknowledge nothing more and stop, so that the broker keeps the messages.
        Fault ??= result.Error;
        _logger.LogCritical(result.Error, "Batch {Sequence} of {Count} positions is not durable; stopping ingestion.", result.Sequence, result.Count);
        _stop.Cancel();
    }

    async Task TickAsync()
    {
        var nextCheckpoint = DateTime.UtcNow + _options.CheckpointInterval;
        using var timer = new PeriodicTimer(_options.ClockInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
            {
                bool checkpoint = DateTime.UtcNow >= nextCheckpoint;
                if (checkpoint)
                {
                    nextCheckpoint = DateTime.UtcNow + _options.CheckpointInterval;
                }

                for (int p = 0; p < _options.Partitions; p++)
                {
                    var worker = _workers[p % _workers.Count];
                    long now = PartitionClock.Now(_options.Clock, DateTimeOffset.UtcNow.ToUnixTimeSeconds(), worker.NewestDeviceTime(p),
                        worker.SinceLastFix(p), _options.BacklogGrace, _options.DeviceClockLag);
                    if (now != long.MinValue)
                    {
                        await worker.Input.WriteAsync(new RuleInput(RuleInputKind.Clock, p, default, now), _stop.Token).ConfigureAwait(false);
                    }

                    if (checkpoint)
                    {
                        await worker.Input.WriteAsync(new RuleInput(RuleInputKind.Checkpoint, p, default, DateTime.UtcNow.Ticks), _stop.Token).ConfigureAwait(false);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    async Task RecordEpisodesAsync(EpisodeStore store, Action<EpisodeNotice, VehicleRecord>? observer)
    {
        var reader = _episodes.Reader;
        var batch = new List<EpisodeRecord>();
        var notices = new List<(EpisodeNotice, VehicleRecord)>();
        try
        {
            while (await reader.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
            {
                batch.Clear();
                var now = DateTime.UtcNow;
                notices.Clear();
                while (batch.Count < 1000 && reader.TryRead(out var notice))
                {
                    var vehicle = _vehicles[notice.VehicleId];
                    batch.Add(EpisodeRecords.From(notice, vehicle, now));
                    notices.Add((notice, vehicle));
                    IngestionMeter.Episode(notice.Event);
                }

                await WithRetryAsync(() => store.UpsertAsync(batch, _stop.Token)).ConfigureAwait(false);
                Interlocked.Add(ref _episodesRecorded, batch.Count);

                // Observers hear of a transition once it is committed, so what they show can be read back.
                if (observer is not null)
                {
                    foreach (var (notice, vehicle) in notices)
                    {
                        observer(notice, vehicle);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    /// <summary>Queues a message's rejected frames for the dead-letter table and waits until they are stored, so that
    /// the message is acknowledged only then (while the database is away, its partition waits: the broker keeps the rest).</summary>
    async Task StoreDeadLettersAsync(IReadOnlyList<DeadLetter> letters, CancellationToken cancellationToken)
    {
        var stored = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await _deadLetters.Writer.WriteAsync((letters, stored), cancellationToken).ConfigureAwait(false);
        await stored.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    async Task RecordDeadLettersAsync(DeadLetterStore store)
    {
        var reader = _deadLetters.Reader;
        (IReadOnlyList<DeadLetter> Letters, TaskCompletionSource Stored) item = default;
        try
        {
            while (await reader.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
            {
                while (reader.TryRead(out item))
                {
                    foreach (var letter in item.Letters)
                    {
                        await WithRetryAsync(() => store.AddAsync(letter, _stop.Token)).ConfigureAwait(false);
                        Interlocked.Increment(ref _deadLettersRecorded);
                    }

                    item.Stored.TrySetResult();
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping: the waiting messages are not acknowledged, and the broker delivers them again.
            item.Stored?.TrySetCanceled();
            while (reader.TryRead(out item))
            {
                item.Stored.TrySetCanceled();
            }
        }
    }

    // Episodes and dead letters wait for the database rather than being lost; the stop token ends the wait.
    async Task WithRetryAsync(Func<Task> write)
    {
        var delay = TimeSpan.FromMilliseconds(200);
        while (true)
        {
            try
            {
                await write().ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                _logger.LogWarning(e, "Database write failed; retrying in {Delay}.", delay);
                await Task.Delay(delay, _stop.Token).ConfigureAwait(false);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 10_000));
            }
        }
    }

    internal static bool TryParsePhone(string digits, out TerminalPhone phone) =>
        TerminalPhone.TryParse(digits, digits.Length <= 12 ? TerminalPhone.Length2013 : TerminalPhone.Length2019, out phone);

    static Vehicle ToRulesVehicle(VehicleRecord v)
    {
        if (!VehicleClassNames.TryParse(v.Class, out var vehicleClass))
        {
            vehicleClass = VehicleClass.LineCoach;
        }

        int limit = v.SpeedLimitKmh ?? (vehicleClass == VehicleClass.Hazmat ? 80 : 100);
        return new Vehicle(v.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), v.Plate, vehicleClass, v.LongDistance, limit,
            v.CarrierId.ToString(System.Globalization.CultureInfo.InvariantCulture), v.CountyId.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    public async ValueTask DisposeAsync()
    {
        // 1. Stop reading. 2. Write what is buffered (messages not yet acknowledged stay with the broker, which
        // redelivers them; storage drops the duplicates). 3. Let the workers finish their queues and checkpoint.
        // 4. Let the episode and dead-letter recorders drain.
        foreach (var session in _sessions)
        {
            await session.DisposeAsync().ConfigureAwait(false);
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        if (_batcher is not null)
        {
            await _batcher.DisposeAsync().ConfigureAwait(false);
        }

        if (_writer is not null)
        {
            await _writer.DisposeAsync().ConfigureAwait(false);
        }

        for (int p = 0; p < _options.Partitions && _workers.Count > 0; p++)
        {
            _workers[p % _workers.Count].Input.TryWrite(new RuleInput(RuleInputKind.Checkpoint, p, default, DateTime.UtcNow.Ticks));
        }

        foreach (var worker in _workers)
        {
            worker.Input.TryComplete();
        }

        await Task.WhenAll(_workerTasks).ConfigureAwait(false);
        _episodes.Writer.TryComplete();
        _deadLetters.Writer.TryComplete();
        try
        {
            await Task.WhenAll(_tasks).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Expected on stop.
        }

        _stop.Dispose();
    }
}

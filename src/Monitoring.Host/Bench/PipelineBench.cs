using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Monitoring.Host.Broker;
using Monitoring.Host.Simulation;
using Monitoring.Ingestion;
using Monitoring.Rules;
using Monitoring.Simulation;
using Monitoring.Storage;
using Npgsql;

namespace Monitoring.Host.Bench;

/// <summary>Settings of `monitoring bench pipeline`.</summary>
sealed record PipelineBenchOptions(
    int Vehicles,
    IReadOnlyList<int> Rates,
    TimeSpan StepDuration,
    int Publishers,
    int Partitions,
    int RuleWorkers,
    string? ConnectionString,
    BrokerAddress? Broker,
    string DataRoot,
    bool GeneratorOnly = false,
    long Backlog = 0);

/// <summary>What one rate step measured.</summary>
sealed record PipelineStepResult(
    int TargetRate,
    double PublishedRate,
    double IngestedRate,
    double DrainSeconds,
    long Published,
    long Failed,
    long Stored,
    double ProcessCpuPercent,
    double PostgresCpuPercent,
    double BrokerCpuPercent,
    double ResidentMiB,
    int LatencySamples,
    double? LatencyP50Ms,
    double? LatencyP99Ms,
    double? LatencyMaxMs,
    bool GeneratorOnly = false)
{
    /// <summary>The generator reached the rate, the service kept up (no backlog left a few seconds after the step), and every position is stored.</summary>
    public bool Sustained => Failed == 0 && PublishedRate >= TargetRate * 0.97 && DrainSeconds <= PipelineBench.MaxDrainSeconds && Stored == Published;
}

/// <summary>
/// `monitoring bench pipeline`: the load generator (MQTT clients publishing 0x0200 frames) against the service's
/// ingestion pipeline (broker → decode → rule workers → batched COPY and episodes) and PostgreSQL, all on this
/// machine, at increasing rates. Per step it reports the rates, whether nothing was lost, CPU, memory and the
/// fix-to-episode latency: from publishing the message whose fix let the engine decide an overspeed episode to
/// the episode's commit.
/// </summary>
sealed class PipelineBench(PipelineBenchOptions options, TextWriter output, ILoggerFactory loggers)
{
    public const double MaxDrainSeconds = 5;

    readonly ConcurrentDictionary<(long, long), long> _publishedAt = new();
    readonly ConcurrentQueue<double> _latencies = new();

    public async Task<IReadOnlyList<PipelineStepResult>> RunAsync(CancellationToken cancellationToken)
    {
        LocalPostgresServer? server = null;
        string connection;
        if (options.ConnectionString is { } given)
        {
            connection = given;
        }
        else
        {
            // A durable server (fsync on, synchronous commit), like production, not the tests' throwaway one.
            server = await LocalPostgresServer.StartAsync(Path.Combine(options.DataRoot, "postgres"), cancellationToken: cancellationToken);
            connection = await server.EnsureDatabaseAsync("bench", cancellationToken);
        }

        try
        {
            await using var dataSource = MonitoringDataSource.Create(connection);
            await PrepareDatabaseAsync(dataSource, cancellationToken);
            var fleet = Fleet.Create(options.Vehicles, 1);
            await output.WriteLineAsync($"Seeding {fleet.Vehicles.Count} vehicles…");
            await ReferenceSeeder.SeedAsync(fleet, dataSource, cancellationToken);

            await using var embedded = options.Broker is null ? await EmbeddedBroker.StartAsync(FreePort(), 1_000_000) : null;
            var broker = options.Broker ?? new BrokerAddress("127.0.0.1", embedded!.Port);
            var ingestion = new IngestionOptions
            {
                Partitions = options.Partitions,
                RuleWorkers = options.RuleWorkers,
                Clock = EngineClockMode.Device,
            };
            var writer = new PositionWriterOptions { SpoolPath = Path.Combine(options.DataRoot, "spool", "positions.spool") };
            if (options.Backlog > 0)
            {
                await BacklogAsync(fleet, broker, ingestion, writer, dataSource, cancellationToken);
                return [];
            }

            // Generator only: what the load generator alone costs at each rate (subtract it from the process CPU of a full run).
            await using var service = options.GeneratorOnly ? null
                : await IngestionService.StartAsync(ingestion, broker.Host, broker.Port, dataSource, writer, loggers, OnEpisode, cancellationToken);

            var publishers = await ConnectPublishersAsync(fleet, broker, cancellationToken);

            var results = new List<PipelineStepResult>();
            try
            {
                await output.WriteLineAsync(Header);
                foreach (int rate in options.Rates)
                {
                    var result = await StepAsync(rate, publishers, service, dataSource, cancellationToken);
                    results.Add(result);
                    await output.WriteLineAsync(Row(result));
                    if (!result.Sustained && result.DrainSeconds > 60)
                    {
                        await output.WriteLineAsync("The service fell more than a minute behind; higher rates are not tried.");
                        break;
                    }
                }
            }
            finally
            {
                foreach (var publisher in publishers)
                {
                    await publisher.DisposeAsync();
                }
            }

            return results;
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            if (server is not null)
            {
                await server.DisposeAsync();
            }
        }
    }

    async Task<PipelineStepResult> StepAsync(int rate, List<LoadPublisher> publishers, IngestionService? service, NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        _latencies.Clear();
        long publishedBefore = publishers.Sum(p => p.Published);
        long failedBefore = publishers.Sum(p => p.Failed);
        long ingestedBefore = service?.Messages ?? 0;
        long storedBefore = await CountPositionsAsync(dataSource, cancellationToken);
        double cpuBefore = ProcessUsage.CpuSeconds(Environment.ProcessId);
        double pgBefore = ProcessUsage.PostgresCpuSeconds();
        double brokerBefore = ProcessUsage.CpuSecondsOf("mosquitto");
        long start = Stopwatch.GetTimestamp();
        long until = start + (long)(options.StepDuration.TotalSeconds * Stopwatch.Frequency);
        double perPublisher = (double)rate / publishers.Count;
        await Task.WhenAll(publishers.Select(p => Task.Run(() => p.RunAsync(perPublisher, until, cancellationToken), cancellationToken)));
        double publishSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        long ingestedAtEnd = service?.Messages ?? 0;
        double cpuAtEnd = ProcessUsage.CpuSeconds(Environment.ProcessId);
        double pgAtEnd = ProcessUsage.PostgresCpuSeconds();
        double brokerAtEnd = ProcessUsage.CpuSecondsOf("mosquitto");
        double resident = ProcessUsage.ResidentMiB();
        long published = publishers.Sum(p => p.Published) - publishedBefore;
        long failed = publishers.Sum(p => p.Failed) - failedBefore;
        if (service is null)
        {
            return new PipelineStepResult(rate, published / publishSeconds, 0, 0, published, failed, 0, 100 * (cpuAtEnd - cpuBefore) / publishSeconds,
                100 * (pgAtEnd - pgBefore) / publishSeconds, 100 * (brokerAtEnd - brokerBefore) / publishSeconds, resident, 0, null, null, null, GeneratorOnly: true);
        }

        // Drain: the time until the service has taken in every message published in the step.
        long drainStart = Stopwatch.GetTimestamp();
        while (service.Messages - ingestedBefore < published && Stopwatch.GetElapsedTime(drainStart) < TimeSpan.FromMinutes(5))
        {
            await Task.Delay(20, cancellationToken);
        }

        double drain = Stopwatch.GetElapsedTime(drainStart).TotalSeconds;

        // Stored: every message carries one position; wait for the last batch to be written.
        long stored = 0;
        long storeWait = Stopwatch.GetTimestamp();
        do
        {
            stored = await CountPositionsAsync(dataSource, cancellationToken) - storedBefore;
            if (stored >= published)
            {
                break;
            }

            await Task.Delay(200, cancellationToken);
        }
        while (Stopwatch.GetElapsedTime(storeWait) < TimeSpan.FromSeconds(60));

        // Let episodes decided by the step's last fixes commit before they are counted.
        await Task.Delay(1000, cancellationToken);
        var latencies = _latencies.ToArray();
        Array.Sort(latencies);
        return new PipelineStepResult(
            rate,
            published / publishSeconds,
            (ingestedAtEnd - ingestedBefore) / publishSeconds,
            drain,
            published,
            failed,
            stored,
            100 * (cpuAtEnd - cpuBefore) / publishSeconds,
            100 * (pgAtEnd - pgBefore) / publishSeconds,
            100 * (brokerAtEnd - brokerBefore) / publishSeconds,
            resident,
            latencies.Length,
            Percentile(latencies, 0.50),
            Percentile(latencies, 0.99),
            latencies.Length == 0 ? null : latencies[^1]);
    }

    /// <summary>
    /// The service's own throughput, without the generator competing for the CPU: the service subscribes (so the broker
    /// keeps its persistent sessions' messages) and stops; the generator publishes the backlog; the service starts again
    /// and drains it. Measured from the restart until every position is stored.
    /// </summary>
    async Task BacklogAsync(Fleet fleet, BrokerAddress broker, IngestionOptions ingestion, PositionWriterOptions writer, NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await (await IngestionService.StartAsync(ingestion, broker.Host, broker.Port, dataSource, writer, loggers, null, cancellationToken)).DisposeAsync();
        var publishers = await ConnectPublishersAsync(fleet, broker, cancellationToken);

        long each = options.Backlog / options.Publishers;
        var publishStart = Stopwatch.GetTimestamp();
        await Task.WhenAll(publishers.Select(p => Task.Run(() => p.PublishAsync(each, cancellationToken), cancellationToken)));
        long published = publishers.Sum(p => p.Published);
        long failed = publishers.Sum(p => p.Failed);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Backlog of {published:N0} messages published in {Stopwatch.GetElapsedTime(publishStart).TotalSeconds:F1} s ({failed} failed) while the service was stopped."));
        foreach (var publisher in publishers)
        {
            await publisher.DisposeAsync();
        }

        double cpuBefore = ProcessUsage.CpuSeconds(Environment.ProcessId);
        double pgBefore = ProcessUsage.PostgresCpuSeconds();
        double brokerBefore = ProcessUsage.CpuSecondsOf("mosquitto");
        long start = Stopwatch.GetTimestamp();
        await using var service = await IngestionService.StartAsync(ingestion, broker.Host, broker.Port, dataSource, writer, loggers, null, cancellationToken);
        long stored = 0;
        double ingestedSeconds = 0;
        while (Stopwatch.GetElapsedTime(start) < TimeSpan.FromMinutes(10))
        {
            await Task.Delay(100, cancellationToken);
            if (ingestedSeconds == 0 && service.Messages >= published)
            {
                ingestedSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            }

            if (ingestedSeconds > 0)
            {
                stored = await CountPositionsAsync(dataSource, cancellationToken);
                if (stored >= published)
                {
                    break;
                }
            }
        }

        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        double cpu = ProcessUsage.CpuSeconds(Environment.ProcessId) - cpuBefore;
        double pg = ProcessUsage.PostgresCpuSeconds() - pgBefore;
        double mosquitto = ProcessUsage.CpuSecondsOf("mosquitto") - brokerBefore;
        await output.WriteLineAsync("| backlog messages | stored | lost | drained in s | msg/s (restart → all stored) | service process CPU % | PostgreSQL CPU % | Mosquitto CPU % | RSS MiB |");
        await output.WriteLineAsync("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"| {published:N0} | {stored:N0} | {published - stored} | {seconds:F1} | {published / seconds:N0} | {100 * cpu / seconds:F0} | {100 * pg / seconds:F0} | {100 * mosquitto / seconds:F0} | {ProcessUsage.ResidentMiB():F0} |"));
    }

    /// <summary>The generator's MQTT clients. Device time from yesterday 08:00 Beijing: daytime rules only, so the episodes are the scripted overspeeds.</summary>
    async Task<List<LoadPublisher>> ConnectPublishersAsync(Fleet fleet, BrokerAddress broker, CancellationToken cancellationToken)
    {
        var beijingToday = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).Date;
        var load = new LoadFleet(fleet, options.Partitions, new DateTimeOffset(beijingToday.AddDays(-1).AddHours(8), TimeSpan.FromHours(8)));
        var publishers = new List<LoadPublisher>();
        for (int i = 0; i < options.Publishers; i++)
        {
            publishers.Add(await LoadPublisher.ConnectAsync(broker, load, i, options.Publishers, _publishedAt, cancellationToken));
        }

        return publishers;
    }

    void OnEpisode(EpisodeNotice notice, VehicleRecord vehicle)
    {
        var e = notice.Event;
        if (e.Transition == EpisodeTransition.Opened && !e.Late && notice.TriggerTime != long.MinValue
            && _publishedAt.TryGetValue((notice.VehicleId, notice.TriggerTime), out long publishedAt))
        {
            _latencies.Enqueue(Stopwatch.GetElapsedTime(publishedAt).TotalMilliseconds);
        }
    }

    static async Task PrepareDatabaseAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await new SchemaMigrator(dataSource, Microsoft.Extensions.Logging.Abstractions.NullLogger<SchemaMigrator>.Instance).MigrateAsync(null, cancellationToken);
        await new PartitionMaintenance(dataSource, new StorageOptions(), Microsoft.Extensions.Logging.Abstractions.NullLogger<PartitionMaintenance>.Instance)
            .RunAsync(DateTime.UtcNow, cancellationToken);
    }

    static async Task<long> CountPositionsAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT count(*) FROM positions");
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    static double? Percentile(double[] sorted, double q) =>
        sorted.Length == 0 ? null : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];

    const string Header =
        "| target msg/s | published msg/s | ingested msg/s | drain s | lost | process CPU % | PostgreSQL CPU % | Mosquitto CPU % | RSS MiB | episodes timed | latency p50 ms | p99 ms | max ms | sustained |\n" +
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|:---:|";

    static string Row(PipelineStepResult r) => r.GeneratorOnly
        ? string.Create(CultureInfo.InvariantCulture,
            $"| {r.TargetRate:N0} | {r.PublishedRate:N0} | – | – | – | {r.ProcessCpuPercent:F0} | {r.PostgresCpuPercent:F0} | {r.BrokerCpuPercent:F0} | {r.ResidentMiB:F0} | – | – | – | – | generator only |")
        : string.Create(CultureInfo.InvariantCulture,
        $"| {r.TargetRate:N0} | {r.PublishedRate:N0} | {r.IngestedRate:N0} | {r.DrainSeconds:F1} | {r.Published - r.Stored} | {r.ProcessCpuPercent:F0} | {r.PostgresCpuPercent:F0} | {r.BrokerCpuPercent:F0} | {r.ResidentMiB:F0} | {r.LatencySamples} | {Ms(r.LatencyP50Ms)} | {Ms(r.LatencyP99Ms)} | {Ms(r.LatencyMaxMs)} | {(r.Sustained ? "yes" : "no")} |");

    static string Ms(double? value) => value is { } v ? v.ToString("F0", CultureInfo.InvariantCulture) : "–";
}

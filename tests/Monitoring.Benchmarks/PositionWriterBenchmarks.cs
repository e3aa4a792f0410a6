using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Monitoring.Storage;
using Npgsql;

namespace Monitoring.Benchmarks;

/// <summary>
/// Positions per second through <see cref="PositionWriter"/> (binary COPY into the session stage table, then
/// INSERT … ON CONFLICT DO NOTHING into the day partition and the last-position upsert) into a real server, by
/// batch size. Needs <c>MONITORING_BENCH_PG</c>: a connection string of a user that may create databases; a
/// database is created for the run (plain path) and dropped afterwards. One operation = one position.
/// <c>Write</c> is the live path (direct COPY); <c>Replay</c> drains a spool holding the same positions in
/// batches of <see cref="BatchSize"/> (the stage-table path with ON CONFLICT, as after an outage).
/// The command and the server settings are in docs/benchmarks.md (## Storage).
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
[MemoryDiagnoser]
public class PositionWriterBenchmarks
{
    const int Rows = 200_000;
    const int Vehicles = 2_000;

    string _admin = "";
    string _database = "";
    string _spool = "";
    NpgsqlDataSource? _dataSource;
    PositionWriter? _writer;
    StoredPosition[] _rows = [];
    int _invocation;

    [Params(1_000, 5_000, 20_000)]
    public int BatchSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _admin = Environment.GetEnvironmentVariable("MONITORING_BENCH_PG") is { Length: > 0 } s
            ? s
            : throw new InvalidOperationException("Set MONITORING_BENCH_PG to a PostgreSQL connection string (see docs/benchmarks.md).");
        _database = $"monitoring_bench_{Environment.ProcessId}";
        Execute(_admin, $"DROP DATABASE IF EXISTS {_database}");
        Execute(_admin, $"CREATE DATABASE {_database}");
        _dataSource = MonitoringDataSource.Create(new NpgsqlConnectionStringBuilder(_admin) { Database = _database }.ConnectionString);
        new SchemaMigrator(_dataSource).MigrateAsync(StoragePath.Plain).GetAwaiter().GetResult();
        new PartitionMaintenance(_dataSource, new StorageOptions()).RunAsync(DateTime.UtcNow).GetAwaiter().GetResult();
        _spool = Path.Combine(Path.GetTempPath(), $"bench-{Environment.ProcessId}.spool");
        _writer = new PositionWriter(_dataSource, new PositionWriterOptions { SpoolPath = _spool });
        _rows = new StoredPosition[Rows];
    }

    // Fresh keys for every invocation, on today's partition; the tables start empty each time so that the
    // batch sizes are compared on the same index sizes.
    [IterationSetup(Target = nameof(Write))]
    public void Fill()
    {
        using (var command = _dataSource!.CreateCommand("TRUNCATE positions, last_positions"))
        {
            command.ExecuteNonQuery();
        }

        var start = ShanghaiTime.StartOf(ShanghaiTime.DayOf(DateTime.UtcNow)).AddSeconds(Rows / Vehicles * 10 * _invocation++);
        var received = DateTime.UtcNow;
        for (int i = 0; i < Rows; i++)
        {
            int vehicle = i % Vehicles;
            int step = i / Vehicles;
            _rows[i] = new StoredPosition(1_000_000 + vehicle, start.AddSeconds(step * 10), step, received,
                30_000_000 + vehicle * 100 + step, 104_000_000 + step * 50, 600 + step % 200, step % 360, 500, 0, 3, 100_000 + step);
        }
    }

    // The same rows, spooled (as during an outage) by a writer that is then replaced, as after a restart.
    [IterationSetup(Target = nameof(Replay))]
    public void FillSpool()
    {
        Fill();
        _writer!.DisposeAsync().AsTask().GetAwaiter().GetResult();
        using (var spool = new PositionSpool(_spool, 1L << 30))
        {
            for (int offset = 0; offset < Rows; offset += BatchSize)
            {
                spool.Append(_rows.AsSpan(offset, Math.Min(BatchSize, Rows - offset)));
            }
        }

        _writer = new PositionWriter(_dataSource!, new PositionWriterOptions { SpoolPath = _spool });
    }

    [Benchmark(OperationsPerInvoke = Rows)]
    public async Task Replay()
    {
        if (!await _writer!.ReplaySpoolAsync())
        {
            throw new InvalidOperationException("The replay did not complete.");
        }
    }

    [Benchmark(OperationsPerInvoke = Rows)]
    public async Task Write()
    {
        for (int offset = 0; offset < Rows; offset += BatchSize)
        {
            var outcome = await _writer!.WriteAsync(_rows.AsMemory(offset, Math.Min(BatchSize, Rows - offset)));
            if (outcome != WriteOutcome.Stored)
            {
                throw new InvalidOperationException("The database did not take the batch (spooled): the figure would be the spool's.");
            }
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _writer?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _dataSource?.Dispose();
        Execute(_admin, $"DROP DATABASE IF EXISTS {_database} WITH (FORCE)");
        File.Delete(_spool);
    }

    static void Execute(string connectionString, string sql)
    {
        using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}

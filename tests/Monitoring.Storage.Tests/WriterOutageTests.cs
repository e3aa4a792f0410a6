using Monitoring.Storage.Tests.Infrastructure;
using Npgsql;

namespace Monitoring.Storage.Tests;

/// <summary>The database going away under the writer: batches are spooled, replayed in order, stored once.</summary>
[Collection(PostgresCollection.Name)]
public sealed class WriterOutageTests(PostgresFixture postgres) : IDisposable
{
    readonly string _folder = Path.Combine(Path.GetTempPath(), $"outage-tests-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    PositionWriterOptions Options => new()
    {
        SpoolPath = Path.Combine(_folder, "positions.spool"),
        MaxRetryAttempts = 2,
        RetryBaseDelay = TimeSpan.FromMilliseconds(5),
        BreakDuration = TimeSpan.FromMilliseconds(500),
        BreakerMinimumThroughput = 2,
    };

    [Fact]
    public async Task A_connection_cut_in_the_middle_of_a_copy_spools_the_batch_and_the_replay_stores_every_position_once()
    {
        await using var db = await postgres.CreateDatabaseAsync();
        using var proxy = Proxy(db);
        await using var viaProxy = MonitoringDataSource.Create(ThroughProxy(db, proxy));
        await using var writer = new PositionWriter(viaProxy, Options);
        var batches = Enumerable.Range(0, 5)
            .Select(i => Fixes.Run(100 + i, Fixes.Utc(2026, 11, 20, 1), 5000, TimeSpan.FromSeconds(1)))
            .ToArray();

        Assert.Equal(WriteOutcome.Stored, await writer.WriteAsync(batches[0]));
        proxy.CutAfterClientBytes(100_000); // 5000 rows are about 400 kB of COPY data
        Assert.Equal(WriteOutcome.Spooled, await writer.WriteAsync(batches[1]));
        Assert.True(proxy.Cutting.Task.IsCompleted);
        Assert.Equal(WriteOutcome.Spooled, await writer.WriteAsync(batches[2]));
        proxy.Resume();
        await WaitForReplayAsync(writer);
        Assert.Equal(WriteOutcome.Stored, await writer.WriteAsync(batches[3]));
        Assert.Equal(WriteOutcome.Stored, await writer.WriteAsync(batches[4]));

        Assert.True(writer.Spool.IsEmpty);
        Assert.Equal(25_000, await db.ScalarAsync<long>("SELECT count(*) FROM positions"));
        Assert.Equal(5, await db.ScalarAsync<long>("SELECT count(*) FROM (SELECT vehicle_id FROM positions GROUP BY vehicle_id HAVING count(*) = 5000 AND count(DISTINCT serial) = 5000) v"));
    }

    [Fact]
    public async Task A_database_stopped_during_writing_and_started_again_ends_with_every_position_stored_once()
    {
        await using var db = await postgres.CreateDatabaseAsync();
        using var proxy = postgres.OwnsServer ? null : Proxy(db);
        await using var dataSource = proxy is null ? null : MonitoringDataSource.Create(ThroughProxy(db, proxy));
        await using var writer = new PositionWriter(dataSource ?? db.DataSource, Options);
        var outcomes = new System.Collections.Concurrent.ConcurrentQueue<WriteOutcome>();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var restarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        const int Rows = 500;
        int batches = 0;

        // Batches keep coming while the database goes down and comes back, as they would from the broker, until
        // five more went through after the restart (bounded, so that a broken stop cannot loop for ever).
        var writing = Task.Run(async () =>
        {
            int afterRestart = 0;
            for (int i = 0; i < 5000 && afterRestart < 5; i++)
            {
                outcomes.Enqueue(await writer.WriteAsync(Fixes.Run(1, Fixes.Utc(2026, 11, 20, 1).AddMinutes(10 * i), Rows, TimeSpan.FromSeconds(1), firstSerial: i * Rows)));
                batches = i + 1;
                started.TrySetResult();
                if (restarted.Task.IsCompleted)
                {
                    afterRestart++;
                }
            }
        });
        await started.Task;
        await StopAsync(proxy);
        await Task.Run(async () =>
        {
            while (!outcomes.Contains(WriteOutcome.Spooled) && !writing.IsCompleted)
            {
                await Task.Delay(10);
            }
        });
        await StartAsync(proxy);
        restarted.SetResult();
        await writing;
        await WaitForReplayAsync(writer);

        long total = (long)batches * Rows;
        Assert.Contains(WriteOutcome.Spooled, outcomes);
        Assert.Equal(total, await db.ScalarAsync<long>("SELECT count(*) FROM positions"));
        Assert.Equal(total * (total - 1) / 2, await db.ScalarAsync<long>("SELECT sum(serial) FROM positions"));
    }

    [Fact]
    public async Task A_spool_left_by_a_stopped_process_is_replayed_by_the_next()
    {
        await using var db = await postgres.CreateDatabaseAsync();
        var batch = Fixes.Run(9, Fixes.Utc(2026, 11, 20, 1), 300, TimeSpan.FromSeconds(1));
        using (var proxy = Proxy(db))
        {
            await using var viaProxy = MonitoringDataSource.Create(ThroughProxy(db, proxy));
            await using var first = new PositionWriter(viaProxy, Options);
            proxy.Cut();
            Assert.Equal(WriteOutcome.Spooled, await first.WriteAsync(batch));
        }

        await using var second = new PositionWriter(db.DataSource, Options);
        Assert.Equal(1, second.Spool.PendingBatches);
        Assert.True(await second.ReplaySpoolAsync());

        Assert.Equal(300, await db.ScalarAsync<long>("SELECT count(*) FROM positions"));
        Assert.True(second.Spool.IsEmpty);
    }

    [Fact]
    public async Task A_full_spool_makes_the_write_fail_with_a_clear_error_instead_of_losing_the_batch()
    {
        await using var db = await postgres.CreateDatabaseAsync();
        using var proxy = Proxy(db);
        await using var viaProxy = MonitoringDataSource.Create(ThroughProxy(db, proxy));
        await using var writer = new PositionWriter(viaProxy, Options with { SpoolMaxBytes = 1 << 20 });
        proxy.Cut();

        Assert.Equal(WriteOutcome.Spooled, await writer.WriteAsync(Fixes.Run(1, Fixes.Utc(2026, 11, 20, 1), 10_000, TimeSpan.FromSeconds(1))));
        var error = await Assert.ThrowsAsync<SpoolFullException>(async () =>
            await writer.WriteAsync(Fixes.Run(2, Fixes.Utc(2026, 11, 20, 1), 10_000, TimeSpan.FromSeconds(1))));

        Assert.Contains("is full", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, writer.Spool.PendingBatches);
        proxy.Resume();
        await WaitForReplayAsync(writer);
        Assert.Equal(10_000, await db.ScalarAsync<long>("SELECT count(*) FROM positions"));
    }

    async Task StopAsync(TcpProxy? proxy)
    {
        if (proxy is null)
        {
            await postgres.StopServerAsync();
        }
        else
        {
            proxy.Cut();
        }
    }

    async Task StartAsync(TcpProxy? proxy)
    {
        if (proxy is null)
        {
            await postgres.StartServerAsync();
        }
        else
        {
            proxy.Resume();
        }
    }

    static TcpProxy Proxy(TestDatabase db)
    {
        var target = new NpgsqlConnectionStringBuilder(db.ConnectionString);
        return new TcpProxy(target.Host == "localhost" ? "127.0.0.1" : target.Host!, target.Port);
    }

    static string ThroughProxy(TestDatabase db, TcpProxy proxy) =>
        new NpgsqlConnectionStringBuilder(db.ConnectionString) { Host = "127.0.0.1", Port = proxy.Port }.ConnectionString;

    // Waits until the circuit lets the replay through (its break is 500 ms); bounded so a bug cannot hang the run.
    static async Task WaitForReplayAsync(PositionWriter writer)
    {
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!await writer.ReplaySpoolAsync(bound.Token))
        {
            await Task.Delay(50, bound.Token);
        }
    }
}

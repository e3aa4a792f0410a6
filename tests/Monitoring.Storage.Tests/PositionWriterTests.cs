using Monitoring.Storage.Tests.Infrastructure;

namespace Monitoring.Storage.Tests;

[Collection(PostgresCollection.Name)]
public sealed class PositionWriterTests(PostgresFixture postgres) : IDisposable
{
    readonly string _folder = Path.Combine(Path.GetTempPath(), $"writer-tests-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    PositionWriterOptions Options => new() { SpoolPath = Path.Combine(_folder, "positions.spool") };

    [Fact]
    public async Task A_batch_is_stored_with_every_field()
    {
        await using var db = await postgres.CreateDatabaseAsync();
        await using var writer = new PositionWriter(db.DataSource, Options);
        var fix = Fixes.At(42, Fixes.Utc(2026, 11, 20, 3, 4, 5), 65535, lat: -22.601623, lon: 113.860715, speedDkmh: 1234,
            direction: 359, altitude: -12, alarm: 0x80000001, odometer: 31550, receivedAt: Fixes.Utc(2026, 11, 20, 3, 4, 9));
        var plain = Fixes.At(42, Fixes.Utc(2026, 11, 20, 3, 4, 35), 1);

        var outcome = await writer.WriteAsync(new[] { fix, plain });

        Assert.Equal(WriteOutcome.Stored, outcome);
        Assert.Equal(
            "42|2026-11-20 03:04:05+00|65535|2026-11-20 03:04:09+00|-22601623|113860715|1234|359|-12|-2147483647|3|31550|0",
            await db.ScalarAsync<string>("""
                SET TIME ZONE 'UTC';
                SELECT concat_ws('|', vehicle_id, device_time, serial, received_at, lat_e6, lon_e6, speed_dkmh, direction, altitude_m, alarm, status, odometer_hm, source)
                FROM positions WHERE serial = 65535
                """));
        Assert.True(await db.ScalarAsync<bool>("SELECT odometer_hm IS NULL FROM positions WHERE serial = 1"));
    }

    [Fact]
    public async Task Redelivered_positions_are_stored_once()
    {
        await using var db = await postgres.CreateDatabaseAsync();
        await using var writer = new PositionWriter(db.DataSource, Options);
        var first = Fixes.Run(1, Fixes.Utc(2026, 11, 20, 1), 100, TimeSpan.FromSeconds(10));
        var overlapping = Fixes.Run(1, Fixes.Utc(2026, 11, 20, 1).AddSeconds(500), 100, TimeSpan.FromSeconds(10), firstSerial: 50);

        await writer.WriteAsync(first);
        await writer.WriteAsync(first);
        await writer.WriteAsync(overlapping);

        Assert.Equal(150, await db.ScalarAsync<long>("SELECT count(*) FROM positions"));
    }

    [Fact]
    public async Task A_batch_mixing_stored_and_new_positions_stores_only_the_new_ones()
    {
        await using var db = await postgres.CreateDatabaseAsync();
        var stored = Fixes.Run(1, Fixes.Utc(2026, 11, 20, 1), 100, TimeSpan.FromSeconds(10));
        await using (var first = new PositionWriter(db.DataSource, Options))
        {
            await first.WriteAsync(stored[40..60]);
        }

        // A new writer tries the direct COPY first; the key refuses it half way, and the batch goes through the stage table.
        await using var writer = new PositionWriter(db.DataSource, Options);
        Assert.Equal(WriteOutcome.Stored, await writer.WriteAsync(stored));
        Assert.Equal(WriteOutcome.Stored, await writer.WriteAsync(Fixes.Run(2, Fixes.Utc(2026, 11, 20, 1), 10, TimeSpan.FromSeconds(10))));

        Assert.Equal(110, await db.ScalarAsync<long>("SELECT count(*) FROM positions"));
        Assert.Equal(4950, await db.ScalarAsync<long>("SELECT sum(serial) FROM positions WHERE vehicle_id = 1"));
        Assert.True(writer.Spool.IsEmpty);
    }

    [Fact]
    public async Task Duplicates_inside_one_batch_are_stored_once()
    {
        await using var db = await postgres.CreateDatabaseAsync();
        await using var writer = new PositionWriter(db.DataSource, Options);
        var fix = Fixes.At(1, Fixes.Utc(2026, 11, 20, 1), 9);

        await writer.WriteAsync(new[] { fix, fix, fix });

        Assert.Equal(1, await db.ScalarAsync<long>("SELECT count(*) FROM positions"));
    }

    [Fact]
    public async Task The_same_time_with_another_serial_is_another_position()
    {
        await using var db = await postgres.CreateDatabaseAsync();
        await using var writer = new PositionWriter(db.DataSource, Options);
        var time = Fixes.Utc(2026, 11, 20, 1);

        await writer.WriteAsync(new[] { Fixes.At(1, time, 9), Fixes.At(1, time, 10), Fixes.At(2, time, 9) });

        Assert.Equal(3, await db.ScalarAsync<long>("SELECT count(*) FROM positions"));
    }

    [Fact]
    public async Task The_last_position_only_moves_forward_in_device_time()
    {
        await using var db = await postgres.CreateDatabaseAsync();
        await using var writer = new PositionWriter(db.DataSource, Options);
        var newer = Fixes.At(5, Fixes.Utc(2026, 11, 20, 2), 2, lat: 31.0);
        var older = Fixes.At(5, Fixes.Utc(2026, 11, 20, 1), 1, lat: 30.5);
        var clockInFuture = Fixes.At(5, Fixes.Utc(2027, 1, 1), 3, lat: 32.0, receivedAt: Fixes.Utc(2026, 11, 20, 2, 1));

        await writer.WriteAsync(new[] { newer, Fixes.At(6, Fixes.Utc(2026, 11, 20, 1), 1) });
        await writer.WriteAsync(new[] { older });
        await writer.WriteAsync(new[] { clockInFuture });

        Assert.Equal(31_000_000, await db.ScalarAsync<int>("SELECT lat_e6 FROM last_positions WHERE vehicle_id = 5"));
        Assert.Equal(2, await db.ScalarAsync<long>("SELECT count(*) FROM last_positions"));
        Assert.Equal(4, await db.ScalarAsync<long>("SELECT count(*) FROM positions WHERE vehicle_id = 5 OR vehicle_id = 6"));
    }

    [Fact]
    public async Task An_empty_batch_is_durable_without_a_round_trip()
    {
        await using var db = await postgres.CreateDatabaseAsync();
        await using var writer = new PositionWriter(db.DataSource, Options);

        Assert.Equal(WriteOutcome.Stored, await writer.WriteAsync(ReadOnlyMemory<StoredPosition>.Empty));
        Assert.True(writer.Spool.IsEmpty);
    }

    [Fact]
    public async Task The_batcher_reports_each_batch_durable_in_order()
    {
        await using var db = await postgres.CreateDatabaseAsync();
        await using var writer = new PositionWriter(db.DataSource, Options);
        var results = new List<BatchResult>();
        var fixes = Fixes.Run(3, Fixes.Utc(2026, 11, 20, 1), 25, TimeSpan.FromSeconds(1));

        long lastSequence = -1;
        await using (var batcher = new PositionBatcher(writer, batchSize: 10, TimeSpan.FromMinutes(10), r => { lock (results) { results.Add(r); } }))
        {
            foreach (var fix in fixes)
            {
                lastSequence = batcher.Add(fix);
            }
        }

        Assert.Equal(2, lastSequence);
        Assert.Equal([0L, 1L, 2L], results.Select(r => r.Sequence));
        Assert.Equal([10, 10, 5], results.Select(r => r.Count));
        Assert.All(results, r => Assert.Equal(WriteOutcome.Stored, r.Outcome));
        Assert.Equal(25, await db.ScalarAsync<long>("SELECT count(*) FROM positions"));
    }

    [Fact]
    public async Task The_batcher_flushes_a_partial_batch_after_its_delay()
    {
        await using var db = await postgres.CreateDatabaseAsync();
        await using var writer = new PositionWriter(db.DataSource, Options);
        var flushed = new TaskCompletionSource<BatchResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var batcher = new PositionBatcher(writer, batchSize: 1000, TimeSpan.FromMilliseconds(50), r => flushed.TrySetResult(r));

        batcher.Add(Fixes.At(3, Fixes.Utc(2026, 11, 20, 1), 1));
        var result = await flushed.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal((0L, 1, WriteOutcome.Stored), (result.Sequence, result.Count, result.Outcome!.Value));
    }
}

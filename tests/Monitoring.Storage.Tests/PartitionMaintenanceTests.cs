using Monitoring.Storage.Tests.Infrastructure;

namespace Monitoring.Storage.Tests;

[Collection(PostgresCollection.Name)]
public sealed class PartitionMaintenanceTests(PostgresFixture postgres) : IDisposable
{
    static readonly StorageOptions Options = new() { PositionRetention = TimeSpan.FromDays(180), PartitionDaysAhead = 3 };

    readonly string _folder = Path.Combine(Path.GetTempPath(), $"maintenance-tests-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public async Task Partitions_are_created_from_yesterday_to_the_days_ahead_once()
    {
        await using var db = await postgres.CreateDatabaseAsync();
        var maintenance = new PartitionMaintenance(db.DataSource, Options);

        var first = await maintenance.RunAsync(Fixes.Beijing(2026, 11, 20, 0, 30));
        var second = await maintenance.RunAsync(Fixes.Beijing(2026, 11, 20, 23, 30));

        Assert.Equal(
            ["positions_p20261119", "positions_p20261120", "positions_p20261121", "positions_p20261122", "positions_p20261123", "episodes_p202611", "episodes_p202612"],
            first.CreatedPartitions);
        Assert.Empty(second.CreatedPartitions);
        Assert.Empty(second.DroppedPartitions);
        // The day's bounds are Beijing midnights.
        Assert.Equal("FOR VALUES FROM ('2026-11-19 16:00:00+00') TO ('2026-11-20 16:00:00+00')",
            await db.ScalarAsync<string>("SET TIME ZONE 'UTC'; SELECT pg_get_expr(relpartbound, oid) FROM pg_class WHERE relname = 'positions_p20261120'"));
    }

    [Fact]
    public async Task Rows_the_default_partition_caught_move_into_the_partition_created_for_them()
    {
        await using var db = await postgres.CreateDatabaseAsync();
        await using (var writer = new PositionWriter(db.DataSource, new() { SpoolPath = Path.Combine(_folder, "p.spool") }))
        {
            await writer.WriteAsync(new[]
            {
                Fixes.At(1, Fixes.Beijing(2026, 11, 20, 0, 0, 0), 1),
                Fixes.At(1, Fixes.Beijing(2026, 11, 20, 23, 59, 59), 2),
                Fixes.At(1, Fixes.Beijing(2026, 11, 21, 0, 0, 0), 3),
            });
        }

        Assert.Equal(3, await db.ScalarAsync<long>("SELECT count(*) FROM positions_default"));

        var report = await new PartitionMaintenance(db.DataSource, Options).RunAsync(Fixes.Beijing(2026, 11, 20, 12));

        Assert.Equal(3, report.RowsMovedFromDefault);
        Assert.Equal(0, await db.ScalarAsync<long>("SELECT count(*) FROM positions_default"));
        Assert.Equal("positions_p20261120:1,positions_p20261120:2,positions_p20261121:3",
            await db.ScalarAsync<string>("SELECT string_agg(tableoid::regclass || ':' || serial, ',' ORDER BY serial) FROM positions"));
    }

    [Fact]
    public async Task Expired_partitions_are_dropped_and_expired_rows_deleted()
    {
        await using var db = await postgres.CreateDatabaseAsync();
        var maintenance = new PartitionMaintenance(db.DataSource, Options);
        var start = Fixes.Beijing(2026, 6, 10, 10);
        await maintenance.RunAsync(start);
        await using (var writer = new PositionWriter(db.DataSource, new() { SpoolPath = Path.Combine(_folder, "p.spool") }))
        {
            var rows = Enumerable.Range(9, 5).Select(day => Fixes.At(1, Fixes.Beijing(2026, 6, day, 12), day)).ToList();
            rows.Add(Fixes.At(1, Fixes.Beijing(2026, 5, 1, 12), 100)); // before every partition: default
            rows.Add(Fixes.At(1, Fixes.Beijing(2027, 1, 1, 12), 200)); // a clock far ahead: default
            await writer.WriteAsync(rows.ToArray());
        }

        // 181 days later the retention cutoff is Beijing 2026-06-11 10:00: the days ending by then go.
        var report = await maintenance.RunAsync(start.AddDays(181));

        Assert.Equal(["positions_p20260609", "positions_p20260610"], report.DroppedPartitions.Order());
        Assert.Equal(1, report.RowsDeleted);
        Assert.Equal("11,12,13,200", await db.ScalarAsync<string>("SELECT string_agg(serial::text, ',' ORDER BY serial) FROM positions"));
        Assert.Contains("positions_p20261208", report.CreatedPartitions);
        Assert.Contains("episodes_p202612", report.CreatedPartitions);
    }

    [Fact]
    public async Task Old_delivered_alert_events_are_pruned_and_events_still_owed_stay()
    {
        await using var db = await postgres.CreateDatabaseAsync();
        var now = Fixes.Beijing(2026, 9, 1, 12);
        await db.ExecuteAsync("""
            INSERT INTO counties VALUES (431202, '鹤城区');
            INSERT INTO carriers VALUES (7, '怀化客运', 431202);
            INSERT INTO webhook_subscriptions (id, carrier_id, url, secret, created_at) VALUES (1, 7, 'http://127.0.0.1:9/hook', 's', '2026-06-01Z');
            INSERT INTO alert_events (vehicle_id, rule, start_time, transition, severity, late, carrier_id, county_id, created_at) OVERRIDING SYSTEM VALUE
            SELECT 1, 'overspeed', t, 0, 1, false, 7, 431202, t FROM (VALUES
                (1, timestamptz '2026-06-01 00:00Z'),  -- old, delivered
                (2, timestamptz '2026-06-02 00:00Z'),  -- old, still owed to the webhook
                (3, timestamptz '2026-06-03 00:00Z'),  -- old, not yet on the MQTT alert topic
                (4, timestamptz '2026-08-31 00:00Z')   -- recent
            ) AS v(id, t);
            INSERT INTO outbox (carrier_id, subscription_id, event_id, created_at, delivered_at) VALUES
                (7, 1, 1, '2026-06-01Z', '2026-06-01Z'),
                (7, 1, 2, '2026-06-02Z', NULL);
            INSERT INTO webhook_deliveries (subscription_id, carrier_id, event_id, attempt, attempted_at, status_code, delivered) VALUES
                (1, 7, 1, 1, '2026-05-01Z', 200, true),
                (1, 7, 2, 1, '2026-08-30Z', 500, false);
            INSERT INTO relay_cursors VALUES ('mqtt_alerts', 2);
            """);

        await new PartitionMaintenance(db.DataSource, Options).RunAsync(now);

        Assert.Equal("2,3,4", await db.ScalarAsync<string>("SELECT string_agg(id::text, ',' ORDER BY id) FROM alert_events"));
        Assert.Equal(1L, await db.ScalarAsync<long>("SELECT count(*) FROM outbox"));
        Assert.Equal("2", await db.ScalarAsync<string>("SELECT string_agg(event_id::text, ',') FROM webhook_deliveries"));
    }

    [Fact]
    public async Task Partitions_whose_table_stays_locked_are_deferred_to_the_next_run()
    {
        await using var db = await postgres.CreateDatabaseAsync();
        var options = Options with { MaintenanceLockTimeout = TimeSpan.FromMilliseconds(100) };
        var maintenance = new PartitionMaintenance(db.DataSource, options);
        var now = Fixes.Beijing(2026, 11, 20, 12);

        MaintenanceReport blocked;
        await using (var report = await db.DataSource.OpenConnectionAsync())
        {
            // A long report reading positions (and so its default partition) while the maintenance runs.
            await using var transaction = await report.BeginTransactionAsync();
            await using (var read = new Npgsql.NpgsqlCommand("LOCK TABLE positions IN ACCESS SHARE MODE", report, transaction))
            {
                await read.ExecuteNonQueryAsync();
            }

            blocked = await maintenance.RunAsync(now);
        }

        var next = await new PartitionMaintenance(db.DataSource, Options).RunAsync(now);

        Assert.Equal(["positions_p20261119", "positions_p20261120", "positions_p20261121", "positions_p20261122", "positions_p20261123"], blocked.Deferred);
        Assert.Equal(["episodes_p202611", "episodes_p202612"], blocked.CreatedPartitions);
        Assert.Equal(blocked.Deferred, next.CreatedPartitions);
        Assert.Empty(next.Deferred);
    }

    [Fact]
    public async Task Finished_days_of_the_last_week_are_rolled_up_for_the_assessment()
    {
        await using var db = await postgres.CreateDatabaseAsync();
        var context = StorageContext.Plain(db);
        await context.WriteAsync(Fixes.At(1, Fixes.Beijing(2026, 11, 18, 10), 1), Fixes.At(1, Fixes.Beijing(2026, 11, 18, 10, 1), 2));
        var maintenance = new PartitionMaintenance(db.DataSource, Options);

        var first = await maintenance.RunAsync(Fixes.Beijing(2026, 11, 20, 12));
        var second = await maintenance.RunAsync(Fixes.Beijing(2026, 11, 20, 13));

        // Days 11-12 … 11-18 ended at least a day ago; 11-19 and 11-20 are not final yet.
        Assert.Equal(Enumerable.Range(12, 7).Select(d => new DateOnly(2026, 11, d)), first.RolledUpDays);
        Assert.Empty(second.RolledUpDays);
        Assert.Equal("2026-11-18|1|2", await context.ScalarAsync<string>("SELECT concat_ws('|', day, vehicle_id, records) FROM vehicle_daily_stats"));
    }

    [Fact]
    public async Task Maintenance_refuses_an_unmigrated_database()
    {
        await using var db = await postgres.CreateDatabaseAsync(migrated: false);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => new PartitionMaintenance(db.DataSource, Options).RunAsync(DateTime.UtcNow));

        Assert.Contains("db migrate", error.Message, StringComparison.Ordinal);
    }
}

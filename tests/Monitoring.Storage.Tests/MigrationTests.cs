using Monitoring.Storage.Tests.Infrastructure;

namespace Monitoring.Storage.Tests;

[Collection(PostgresCollection.Name)]
public sealed class MigrationTests(PostgresFixture postgres)
{
    [Fact]
    public async Task An_empty_database_gets_every_migration_of_the_plain_path()
    {
        await using var db = await postgres.CreateDatabaseAsync(migrated: false);

        var result = await new SchemaMigrator(db.DataSource).MigrateAsync();

        Assert.Equal(StoragePath.Plain, result.Path);
        Assert.Equal(Migration.For(StoragePath.Plain).Select(m => m.Version), result.Applied.Select(m => m.Version));
        Assert.Equal(0, result.AlreadyApplied);
        string[] tables =
        [
            "counties", "carriers", "vehicles", "drivers", "speed_zones", "restricted_areas", "positions", "last_positions",
            "episodes", "alert_handling", "rule_state_checkpoints", "outbox", "dead_letters", "daily_violation_counts",
            "vehicle_daily_stats", "assessment_days",
        ];
        foreach (string table in tables)
        {
            Assert.True(await db.ScalarAsync<bool>($"SELECT to_regclass('public.{table}') IS NOT NULL"), table);
        }

        Assert.Equal("p", await db.ScalarAsync<string>("SELECT relkind::text FROM pg_class WHERE relname = 'positions'"));
        Assert.Equal("plain", await db.ScalarAsync<string>("SELECT path FROM schema_migrations WHERE path <> 'common' LIMIT 1"));
    }

    [Fact]
    public async Task Running_the_migrations_again_applies_nothing()
    {
        await using var db = await postgres.CreateDatabaseAsync(migrated: false);
        var migrator = new SchemaMigrator(db.DataSource);
        await migrator.MigrateAsync();

        var second = await migrator.MigrateAsync();
        var third = await migrator.MigrateAsync();

        Assert.Empty(second.Applied);
        Assert.Empty(third.Applied);
        Assert.Equal(Migration.For(StoragePath.Plain).Count, third.AlreadyApplied);
        Assert.Equal(Migration.For(StoragePath.Plain).Count, await db.ScalarAsync<long>("SELECT count(*) FROM schema_migrations"));
    }

    [Fact]
    public async Task Two_migrators_at_once_apply_each_migration_once()
    {
        await using var db = await postgres.CreateDatabaseAsync(migrated: false);
        await using var other = Monitoring.Storage.MonitoringDataSource.Create(db.ConnectionString);

        var results = await Task.WhenAll(
            new SchemaMigrator(db.DataSource).MigrateAsync(),
            new SchemaMigrator(other).MigrateAsync());

        Assert.Equal(Migration.For(StoragePath.Plain).Count, results.Sum(r => r.Applied.Count));
        Assert.Equal(Migration.For(StoragePath.Plain).Count, await db.ScalarAsync<long>("SELECT count(*) FROM schema_migrations"));
    }

    [Fact]
    public async Task A_database_migrated_for_plain_refuses_the_timescale_path()
    {
        await using var db = await postgres.CreateDatabaseAsync();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => new SchemaMigrator(db.DataSource).MigrateAsync(StoragePath.Timescale));

        Assert.Contains("Plain path", error.Message, StringComparison.Ordinal);
        Assert.Equal(StoragePath.Plain, await new SchemaMigrator(db.DataSource).ReadRecordedPathAsync());
    }

    [Fact]
    public async Task An_edited_migration_is_refused()
    {
        await using var db = await postgres.CreateDatabaseAsync();
        await db.ExecuteAsync("UPDATE schema_migrations SET checksum = 'edited' WHERE version = 2");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => new SchemaMigrator(db.DataSource).MigrateAsync());

        Assert.Contains("0002_operations was changed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_path_follows_whether_the_server_can_create_timescaledb()
    {
        await using var db = await postgres.CreateDatabaseAsync(migrated: false);
        await using var connection = await db.DataSource.OpenConnectionAsync();

        var detection = await StoragePathDetector.DetectAsync(connection);

        // The throwaway server has no TimescaleDB (and does not preload it); a given server may.
        bool usable = await db.ScalarAsync<bool>("""
            SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb')
                OR (EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb')
                    AND current_setting('shared_preload_libraries') LIKE '%timescaledb%')
            """);
        Assert.Equal(usable ? StoragePath.Timescale : StoragePath.Plain, detection.Path);
        if (postgres.OwnsServer)
        {
            Assert.Equal(StoragePath.Plain, detection.Path);
        }

        Assert.Contains("timescaledb", detection.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0001_reference.sql", 1, "reference", null)]
    [InlineData("0003_timeseries.plain.sql", 3, "timeseries", StoragePath.Plain)]
    [InlineData("0003_timeseries.timescale.sql", 3, "timeseries", StoragePath.Timescale)]
    public void Migration_file_names_give_version_name_and_path(string file, int version, string name, StoragePath? path)
    {
        var migration = Migration.Parse(file, "SELECT 1");

        Assert.Equal((version, name, path), (migration.Version, migration.Name, migration.Path));
    }

    [Theory]
    [InlineData("1_x.sql")]
    [InlineData("abcd_x.sql")]
    [InlineData("0001_x.txt")]
    public void Badly_named_migration_files_are_refused(string file) =>
        Assert.Throws<FormatException>(() => Migration.Parse(file, "SELECT 1"));
}

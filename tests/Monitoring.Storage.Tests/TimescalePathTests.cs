using Monitoring.Storage.Tests.Infrastructure;

namespace Monitoring.Storage.Tests;

/// <summary>
/// The TimescaleDB path: the same scenarios as the plain path's tests, plus its own schema objects. Runs when
/// MONITORING_TEST_TIMESCALE holds a connection string: <c>dotnet test tests/Monitoring.Storage.Tests --filter Category=Timescale</c>.
/// </summary>
[Trait("Category", "Timescale")]
public sealed class TimescalePathTests : IClassFixture<TimescaleFixture>, IDisposable
{
    readonly TimescaleFixture _timescale;
    readonly string _folder = Path.Combine(Path.GetTempPath(), $"tsdb-tests-{Guid.NewGuid():N}");

    public TimescalePathTests(TimescaleFixture timescale) => _timescale = timescale;

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [TimescaleFact]
    public async Task Migration_creates_hypertables_policies_and_the_continuous_aggregate()
    {
        await using var db = await _timescale.CreateDatabaseAsync();

        Assert.Equal("alert_handling,episodes,positions", await db.ScalarAsync<string>(
            "SELECT string_agg(hypertable_name::text, ',' ORDER BY hypertable_name) FROM timescaledb_information.hypertables"));
        Assert.Equal(1L, await db.ScalarAsync<long>(
            "SELECT count(*) FROM timescaledb_information.jobs WHERE proc_name = 'policy_compression' AND hypertable_name = 'positions'"));
        Assert.Equal(3L, await db.ScalarAsync<long>("SELECT count(*) FROM timescaledb_information.jobs WHERE proc_name = 'policy_retention'"));
        Assert.Equal(1L, await db.ScalarAsync<long>(
            "SELECT count(*) FROM timescaledb_information.continuous_aggregates WHERE view_name = 'daily_violation_counts_cagg'"));
        Assert.Equal("vehicle_id", await db.ScalarAsync<string>(
            "SELECT attname::text FROM timescaledb_information.compression_settings WHERE hypertable_name = 'positions' AND segmentby_column_index = 1"));
        Assert.Empty((await new SchemaMigrator(db.DataSource).MigrateAsync()).Applied);
    }

    [TimescaleFact]
    public async Task Maintenance_sets_the_configured_retention_on_the_policies()
    {
        await using var db = await _timescale.CreateDatabaseAsync();

        var report = await new PartitionMaintenance(db.DataSource, new StorageOptions { PositionRetention = TimeSpan.FromDays(200) }).RunAsync(DateTime.UtcNow);

        Assert.Equal(StoragePath.Timescale, report.Path);
        Assert.Equal("200 days", await db.ScalarAsync<string>(
            "SELECT config->>'drop_after' FROM timescaledb_information.jobs WHERE proc_name = 'policy_retention' AND hypertable_name = 'positions'"));
    }

    [TimescaleFact]
    public async Task Redelivered_positions_are_stored_once()
    {
        await using var db = await _timescale.CreateDatabaseAsync();
        await using var writer = new PositionWriter(db.DataSource, new() { SpoolPath = Path.Combine(_folder, "p.spool") });
        var batch = Fixes.Run(1, Fixes.Utc(2026, 11, 20, 1), 500, TimeSpan.FromSeconds(10));

        await writer.WriteAsync(batch);
        await writer.WriteAsync(batch);
        await writer.WriteAsync(batch[100..200]);

        Assert.Equal(500L, await db.ScalarAsync<long>("SELECT count(*) FROM positions"));
    }

    [TimescaleFact]
    public Task Episodes_update_one_row() => RunAsync(EpisodeStoreTests.Opened_escalated_and_closed_update_one_row);

    [TimescaleFact]
    public Task Daily_counts_come_from_the_continuous_aggregate() => RunAsync(EpisodeStoreTests.Same_episodes_twice_count_once);

    [TimescaleFact]
    public Task Handling_steps_are_kept_once() => RunAsync(EpisodeStoreTests.Handling_steps_are_kept_once);

    [TimescaleFact]
    public Task Track_of_a_range() => RunAsync(TrackQueryTests.Track_of_a_range);

    [TimescaleFact]
    public Task Daily_list() => RunAsync(EpisodeQueryTests.Daily_list);

    [TimescaleFact]
    public Task Episodes_filtered_and_paged() => RunAsync(EpisodeQueryTests.Filtered_and_paged);

    [TimescaleFact]
    public Task Fleet_status() => RunAsync(FleetQueryTests.Online_within_the_window);

    [TimescaleFact]
    public Task Rates_per_carrier() => RunAsync(AssessmentQueryTests.Rates_per_carrier);

    [TimescaleFact]
    public Task Rates_per_county() => RunAsync(AssessmentQueryTests.Rates_per_county);

    [TimescaleFact]
    public Task Zones_round_trip() => RunAsync(ZoneStoreTests.Zones_round_trip);

    async Task RunAsync(Func<StorageContext, Task> scenario)
    {
        await using var db = await _timescale.CreateDatabaseAsync();
        await scenario(new StorageContext(db.DataSource, StoragePath.Timescale));
    }
}

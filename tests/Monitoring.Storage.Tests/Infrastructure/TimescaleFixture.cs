using Npgsql;

namespace Monitoring.Storage.Tests.Infrastructure;

/// <summary>
/// The TimescaleDB server named by <c>MONITORING_TEST_TIMESCALE</c> (a connection string of a user that may create
/// databases, on a server with timescaledb in shared_preload_libraries). Without it the TimescaleDB tests are
/// reported as skipped, not passed.
/// </summary>
public sealed class TimescaleFixture
{
    public const string ConnectionVariable = "MONITORING_TEST_TIMESCALE";

    int _databases;

    public static string? ConnectionString => Environment.GetEnvironmentVariable(ConnectionVariable) is { Length: > 0 } s ? s : null;

    /// <summary>A new database, migrated by detection (which must choose the TimescaleDB path).</summary>
    public async Task<TestDatabase> CreateDatabaseAsync()
    {
        string admin = ConnectionString ?? throw new InvalidOperationException($"{ConnectionVariable} is not set.");
        string name = $"monitoring_tsdb_test_{Environment.ProcessId}_{Interlocked.Increment(ref _databases)}";
        await PostgresFixture.ExecuteAsync(admin, $"CREATE DATABASE {name}");
        var db = new TestDatabase(name, PostgresFixture.WithDatabase(admin, name),
            n => PostgresFixture.ExecuteAsync(admin, $"DROP DATABASE IF EXISTS {n} WITH (FORCE)"));
        var result = await new SchemaMigrator(db.DataSource).MigrateAsync();
        Assert.Equal(StoragePath.Timescale, result.Path);
        NpgsqlConnection.ClearAllPools();
        return db;
    }
}

/// <summary>A fact that runs only when <c>MONITORING_TEST_TIMESCALE</c> is set, and is reported as skipped otherwise.</summary>
public sealed class TimescaleFactAttribute : FactAttribute
{
    public TimescaleFactAttribute()
    {
        if (TimescaleFixture.ConnectionString is null)
        {
            Skip = $"TimescaleDB path: set {TimescaleFixture.ConnectionVariable} to a TimescaleDB connection string and run `dotnet test tests/Monitoring.Storage.Tests --filter Category=Timescale`.";
        }
    }
}

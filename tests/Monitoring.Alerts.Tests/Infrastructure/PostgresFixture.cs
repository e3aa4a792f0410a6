using Monitoring.Storage;
using Npgsql;

namespace Monitoring.Alerts.Tests.Infrastructure;

/// <summary>
/// One PostgreSQL server for the run (as in Monitoring.Storage.Tests): <c>MONITORING_TEST_PG</c> when it holds a
/// connection string, else a throwaway server from the installed binaries (<see cref="LocalPostgresServer"/>).
/// Each test gets its own database, cloned from a template migrated for the plain path.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    public const string ConnectionVariable = "MONITORING_TEST_PG";

    readonly SemaphoreSlim _templateLock = new(1, 1);
    LocalPostgresServer? _server;
    string? _template;
    int _databases;

    public string AdminConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        string? given = Environment.GetEnvironmentVariable(ConnectionVariable);
        if (!string.IsNullOrWhiteSpace(given))
        {
            AdminConnectionString = given;
        }
        else
        {
            string root = Path.Combine(Path.GetTempPath(), $"monitoring-alerts-pg-{Environment.ProcessId}-{Guid.NewGuid():N}");
            _server = await LocalPostgresServer.StartAsync(root, throwaway: true);
            AdminConnectionString = WithDatabase(_server.ConnectionString(), "postgres");
        }
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_template is not null && _server is null)
        {
            await ExecuteAsync(AdminConnectionString, $"DROP DATABASE IF EXISTS {_template} WITH (FORCE)");
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _templateLock.Dispose();
    }

    /// <summary>A new database: migrated for the plain path, or empty.</summary>
    public async Task<TestDatabase> CreateDatabaseAsync(bool migrated = true)
    {
        string name = $"alerts_test_{Environment.ProcessId}_{Interlocked.Increment(ref _databases)}";
        string? template = migrated ? await TemplateAsync() : null;
        await ExecuteAsync(AdminConnectionString, $"CREATE DATABASE {name} TEMPLATE {template ?? "template0"}");
        return new TestDatabase(name, WithDatabase(AdminConnectionString, name),
            n => ExecuteAsync(AdminConnectionString, $"DROP DATABASE IF EXISTS {n} WITH (FORCE)"));
    }

    async Task<string> TemplateAsync()
    {
        await _templateLock.WaitAsync();
        try
        {
            if (_template is null)
            {
                string name = $"alerts_template_{Environment.ProcessId}";
                await ExecuteAsync(AdminConnectionString, $"CREATE DATABASE {name} TEMPLATE template0");
                await using (var dataSource = MonitoringDataSource.Create(WithDatabase(AdminConnectionString, name)))
                {
                    await new SchemaMigrator(dataSource).MigrateAsync(StoragePath.Plain);
                }

                // CREATE DATABASE … TEMPLATE needs the template free of sessions.
                NpgsqlConnection.ClearAllPools();
                _template = name;
            }

            return _template;
        }
        finally
        {
            _templateLock.Release();
        }
    }

    static string WithDatabase(string connectionString, string database) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Database = database, IncludeErrorDetail = true }.ConnectionString;

    static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 300 };
        await command.ExecuteNonQueryAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "PostgreSQL";
}

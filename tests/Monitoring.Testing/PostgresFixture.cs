using Monitoring.Storage;
using Xunit;
using Npgsql;

namespace Monitoring.Testing;

/// <summary>
/// One PostgreSQL server for the whole test run: the one <c>MONITORING_TEST_PG</c> names (a connection string
/// of a user that may create databases), else a throwaway server started from the installed binaries
/// (<see cref="LocalPostgresServer"/>: initdb into a temporary folder, a free port on 127.0.0.1, fsync off, as the
/// postgres OS user when run as root), stopped and deleted afterwards.
/// Each test gets its own database, created from a migrated template.
/// </summary>
public class PostgresFixture : IAsyncLifetime
{
    public const string ConnectionVariable = "MONITORING_TEST_PG";

    readonly SemaphoreSlim _templateLock = new(1, 1);
    LocalPostgresServer? _server;
    string? _template;
    int _databases;

    /// <summary>A connection string to the server's maintenance database.</summary>
    public string AdminConnectionString { get; private set; } = "";

    /// <summary>True when this fixture started the server itself (and so may stop and start it).</summary>
    public bool OwnsServer => _server is not null;

    public async Task InitializeAsync()
    {
        string? given = Environment.GetEnvironmentVariable(ConnectionVariable);
        if (!string.IsNullOrWhiteSpace(given))
        {
            AdminConnectionString = given;
        }
        else
        {
            string root = Path.Combine(Path.GetTempPath(), $"monitoring-pg-{Environment.ProcessId}-{Guid.NewGuid():N}");
            _server = await LocalPostgresServer.StartAsync(root, throwaway: true);
            AdminConnectionString = WithDatabase(_server.ConnectionString(), "postgres");
        }
    }

    public virtual async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_template is not null && _server is null)
        {
            await DropAsync(AdminConnectionString, _template);
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    /// <summary>A new database: migrated for the plain path, or empty.</summary>
    public async Task<TestDatabase> CreateDatabaseAsync(bool migrated = true)
    {
        string name = $"monitoring_test_{Environment.ProcessId}_{Interlocked.Increment(ref _databases)}";
        string? template = migrated ? await TemplateAsync() : null;
        await ExecuteAsync(AdminConnectionString, template is null
            ? $"CREATE DATABASE {name} TEMPLATE template0"
            : $"CREATE DATABASE {name} TEMPLATE {template}");
        return new TestDatabase(name, WithDatabase(AdminConnectionString, name), DropDatabaseAsync);
    }

    /// <summary>Stops the throwaway server (fast shutdown: open sessions are cut off).</summary>
    public Task StopServerAsync() => (_server ?? throw new InvalidOperationException("Only a throwaway server can be stopped.")).StopAsync();

    public Task StartServerAsync() => (_server ?? throw new InvalidOperationException("Only a throwaway server can be started.")).StartAsync();

    public Task DropDatabaseAsync(string name) => DropAsync(AdminConnectionString, name);

    async Task<string> TemplateAsync()
    {
        await _templateLock.WaitAsync();
        try
        {
            if (_template is null)
            {
                string name = $"monitoring_template_{Environment.ProcessId}";
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

    public static string WithDatabase(string connectionString, string database) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Database = database, IncludeErrorDetail = true }.ConnectionString;

    public static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 300 };
        await command.ExecuteNonQueryAsync();
    }

    static Task DropAsync(string admin, string name) => ExecuteAsync(admin, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
}

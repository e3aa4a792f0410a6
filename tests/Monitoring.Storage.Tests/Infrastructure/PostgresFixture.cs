using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Monitoring.Storage;
using Npgsql;

namespace Monitoring.Storage.Tests.Infrastructure;

/// <summary>
/// One PostgreSQL server for the whole test run: the one <c>MONITORING_TEST_PG</c> names (a connection string
/// of a user that may create databases), else a throwaway server started from the installed binaries
/// (initdb into a temporary folder, a free port on 127.0.0.1, fsync off), stopped and deleted afterwards.
/// Each test gets its own database, created from a migrated template.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    public const string ConnectionVariable = "MONITORING_TEST_PG";

    readonly SemaphoreSlim _templateLock = new(1, 1);
    ThrowawayServer? _server;
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
            _server = await ThrowawayServer.CreateAsync();
            AdminConnectionString = _server.ConnectionString;
        }
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_template is not null && _server is null)
        {
            await DropAsync(AdminConnectionString, _template);
        }

        _server?.Dispose();
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

    internal Task DropDatabaseAsync(string name) => DropAsync(AdminConnectionString, name);

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

    internal static string WithDatabase(string connectionString, string database) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Database = database, IncludeErrorDetail = true }.ConnectionString;

    internal static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 300 };
        await command.ExecuteNonQueryAsync();
    }

    static Task DropAsync(string admin, string name) => ExecuteAsync(admin, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)");

    /// <summary>initdb + pg_ctl, as the postgres OS user when the tests run as root (PostgreSQL refuses root).</summary>
    sealed class ThrowawayServer : IDisposable
    {
        readonly string _bin;
        readonly string _root;
        readonly int _port;
        readonly bool _asPostgresUser;

        ThrowawayServer(string bin, string root, int port, bool asPostgresUser)
        {
            _bin = bin;
            _root = root;
            _port = port;
            _asPostgresUser = asPostgresUser;
        }

        public string ConnectionString =>
            $"Host=127.0.0.1;Port={_port};Username=postgres;Database=postgres;Include Error Detail=true;Timeout=10";

        string DataDirectory => Path.Combine(_root, "data");

        public static async Task<ThrowawayServer> CreateAsync()
        {
            string bin = FindBinaries();
            string root = Path.Combine(Path.GetTempPath(), $"monitoring-pg-{Environment.ProcessId}-{Guid.NewGuid():N}");
            Directory.CreateDirectory(root);
            bool asPostgres = Environment.UserName == "root";
            if (asPostgres)
            {
                Run("chown", ["postgres:postgres", root], false);
            }

            var server = new ThrowawayServer(bin, root, FreePort(), asPostgres);
            server.RunTool("initdb", ["-D", server.DataDirectory, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync"]);
            await server.StartAsync();
            return server;
        }

        public Task StartAsync()
        {
            string options = $"-p {_port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={_root} " +
                "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=60 -c shared_buffers=128MB";
            RunTool("pg_ctl", ["-D", DataDirectory, "-l", Path.Combine(_root, "server.log"), "-o", options, "-w", "-t", "60", "start"]);
            return Task.CompletedTask;
        }

        public Task StopAsync()
        {
            NpgsqlConnection.ClearAllPools();
            RunTool("pg_ctl", ["-D", DataDirectory, "-m", "fast", "-w", "-t", "60", "stop"]);
            return Task.CompletedTask;
        }

        public void Dispose()
        {
            try
            {
                RunTool("pg_ctl", ["-D", DataDirectory, "-m", "immediate", "-w", "-t", "60", "stop"]);
            }
            catch (InvalidOperationException)
            {
                // Already stopped (a test stopped it, or it never started): only the folder is left to remove.
            }

            Directory.Delete(_root, recursive: true);
        }

        void RunTool(string tool, string[] arguments) => Run(Path.Combine(_bin, tool), arguments, _asPostgresUser);

        static void Run(string file, string[] arguments, bool asPostgresUser)
        {
            var start = new ProcessStartInfo(asPostgresUser ? "runuser" : file)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            if (asPostgresUser)
            {
                foreach (string a in (string[])["-u", "postgres", "--", file])
                {
                    start.ArgumentList.Add(a);
                }
            }

            foreach (string a in arguments)
            {
                start.ArgumentList.Add(a);
            }

            using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
            var stdout = process.StandardOutput.ReadToEndAsync();
            string stderr = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited with {process.ExitCode}: {stderr} {stdout.Result}");
            }
        }

        static string FindBinaries()
        {
            if (Environment.GetEnvironmentVariable("MONITORING_PG_BIN") is { Length: > 0 } given)
            {
                return given;
            }

            var installed = Directory.Exists("/usr/lib/postgresql")
                ? Directory.GetDirectories("/usr/lib/postgresql")
                    .Select(d => Path.Combine(d, "bin"))
                    .Where(d => File.Exists(Path.Combine(d, "initdb")))
                    .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out int v) ? v : 0)
                    .FirstOrDefault()
                : null;
            return installed
                ?? (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")))
                ?? throw new InvalidOperationException(
                    "No PostgreSQL server binaries found (initdb). Install postgresql-15 and postgresql-15-postgis-3 (deploy/test.sh does), set MONITORING_PG_BIN to their folder, or set MONITORING_TEST_PG to a connection string.");
        }

        static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "PostgreSQL";
}

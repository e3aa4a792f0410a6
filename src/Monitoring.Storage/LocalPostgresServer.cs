using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Monitoring.Storage;

/// <summary>
/// A PostgreSQL server of the project's own, started from the installed binaries (Debian's postgresql-15) in a
/// folder it owns: initdb on first use, pg_ctl to start and stop. Runs as the <c>postgres</c> OS user when the
/// caller is root, since PostgreSQL refuses root. Used by `monitoring demo` (a private, persistent database, like
/// an embedded one) and by the test fixtures (throwaway, fsync off).
/// </summary>
public sealed class LocalPostgresServer : IAsyncDisposable
{
    readonly string _bin;
    readonly string _root;
    readonly bool _asPostgresUser;
    readonly bool _throwaway;
    bool _running;

    LocalPostgresServer(string bin, string root, int port, bool asPostgresUser, bool throwaway)
    {
        _bin = bin;
        _root = root;
        Port = port;
        _asPostgresUser = asPostgresUser;
        _throwaway = throwaway;
    }

    public int Port { get; }

    public string DataDirectory => Path.Combine(_root, "data");

    /// <summary>Superuser connection string for <paramref name="database"/>.</summary>
    public string ConnectionString(string database = "postgres") =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Timeout=15";

    /// <summary>
    /// Starts a server in <paramref name="root"/> (created and initialised when new). <paramref name="throwaway"/>
    /// turns durability off (fsync) for speed and deletes the folder on dispose.
    /// </summary>
    public static async Task<LocalPostgresServer> StartAsync(string root, int? port = null, bool throwaway = false, CancellationToken cancellationToken = default)
    {
        string bin = FindBinaries();
        root = Path.GetFullPath(root);
        Directory.CreateDirectory(root);
        bool asPostgres = Environment.UserName == "root";
        if (asPostgres)
        {
            await RunAsync("chown", ["-R", "postgres:postgres", root], false, cancellationToken).ConfigureAwait(false);
        }

        var server = new LocalPostgresServer(bin, root, port ?? FreePort(), asPostgres, throwaway);
        if (!File.Exists(Path.Combine(server.DataDirectory, "PG_VERSION")))
        {
            await server.RunToolAsync("initdb", ["-D", server.DataDirectory, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-locale", .. throwaway ? ["--no-sync"] : Array.Empty<string>()], cancellationToken).ConfigureAwait(false);
        }

        await server.StartAsync(cancellationToken).ConfigureAwait(false);
        return server;
    }

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        string options = $"-p {Port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={_root} -c max_connections=100"
            + (_throwaway ? " -c fsync=off -c synchronous_commit=off -c full_page_writes=off" : "");
        await RunToolAsync("pg_ctl", ["-D", DataDirectory, "-l", Path.Combine(_root, "server.log"), "-o", options, "-w", "-t", "60", "start"], cancellationToken).ConfigureAwait(false);
        _running = true;
    }

    public async Task StopAsync(bool immediate = false)
    {
        NpgsqlConnection.ClearAllPools();
        await RunToolAsync("pg_ctl", ["-D", DataDirectory, "-m", immediate ? "immediate" : "fast", "-w", "-t", "60", "stop"], CancellationToken.None).ConfigureAwait(false);
        _running = false;
    }

    /// <summary>Creates <paramref name="database"/> unless it exists; returns its connection string.</summary>
    public async Task<string> EnsureDatabaseAsync(string database, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(ConnectionString());
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection) { Parameters = { new() { Value = database } } };
        if (await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is null)
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", connection);
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        return ConnectionString(database);
    }

    public async ValueTask DisposeAsync()
    {
        if (_running)
        {
            try
            {
                await StopAsync(immediate: _throwaway).ConfigureAwait(false);
            }
            catch (InvalidOperationException)
            {
                // Already stopped: nothing else to do but remove a throwaway folder.
            }
        }

        if (_throwaway)
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    Task RunToolAsync(string tool, string[] arguments, CancellationToken cancellationToken) =>
        RunAsync(Path.Combine(_bin, tool), arguments, _asPostgresUser, cancellationToken);

    static async Task RunAsync(string file, string[] arguments, bool asPostgresUser, CancellationToken cancellationToken)
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
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await stderr.ConfigureAwait(false)} {await stdout.ConfigureAwait(false)}");
        }
    }

    /// <summary>The newest installed server's bin folder (MONITORING_PG_BIN overrides).</summary>
    public static string FindBinaries()
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
                "No PostgreSQL server binaries found (initdb). Install postgresql-15 and postgresql-15-postgis-3, or set MONITORING_PG_BIN to their folder.");
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

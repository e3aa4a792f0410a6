using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Monitoring.Storage;
using Npgsql;

namespace Monitoring.Host.Tests;

/// <summary>`monitoring keys create|list|revoke`, and `monitoring api` (the API alone), against a throwaway PostgreSQL.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class KeysCommandTests : IAsyncLifetime
{
    LocalPostgresServer? _server;
    string _connection = "";
    string _folder = "";

    public async Task InitializeAsync()
    {
        _folder = Path.Combine(Path.GetTempPath(), $"monitoring-keys-{Guid.NewGuid():N}");
        _server = await LocalPostgresServer.StartAsync(Path.Combine(_folder, "postgres"), throwaway: true);
        _connection = await _server.EnsureDatabaseAsync("monitoring");
        await using var dataSource = MonitoringDataSource.Create(_connection);
        await new SchemaMigrator(dataSource).MigrateAsync();
        await new ReferenceStore(dataSource).UpsertAsync(new County(431202, "鹤城区"));
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task A_key_is_printed_once_stored_hashed_listed_without_its_text_and_refused_once_revoked()
    {
        var (exit, output, error) = Cli.Run("keys", "create", "--role", "county", "--county", "431202", "--user", "鹤城区值班员", "--connection", _connection);
        Assert.Equal(0, exit);
        string key = output.Trim();
        Assert.StartsWith(ApiKeyStore.KeyPrefix, key, StringComparison.Ordinal);
        Assert.Contains("鹤城区值班员 (county 431202)", error, StringComparison.Ordinal);

        await using var dataSource = MonitoringDataSource.Create(_connection);
        var store = new ApiKeyStore(dataSource);
        var found = await store.FindAsync(key, DateTime.UtcNow);
        Assert.NotNull(found);
        Assert.Equal(ApiRole.County, found.Role);
        Assert.Equal(431202, found.CountyId);
        await using (var command = dataSource.CreateCommand("SELECT count(*) FROM api_keys WHERE position(convert_to($1, 'UTF8') in key_hash) > 0"))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = key });
            Assert.Equal(0L, await command.ExecuteScalarAsync());
        }

        var list = Cli.Run("keys", "list", "--connection", _connection);
        Assert.Equal(0, list.ExitCode);
        Assert.Contains("鹤城区值班员", list.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(key, list.Output, StringComparison.Ordinal);

        Assert.Equal(0, Cli.Run("keys", "revoke", found.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "--connection", _connection).ExitCode);
        Assert.Null(await store.FindAsync(key, DateTime.UtcNow));
        var again = Cli.Run("keys", "revoke", found.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "--connection", _connection);
        Assert.NotEqual(0, again.ExitCode);
        Assert.Contains("no live key", again.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_county_key_without_its_county_is_refused_with_the_reason()
    {
        var (exit, _, error) = Cli.Run("keys", "create", "--role", "county", "--user", "x", "--connection", _connection);
        Assert.NotEqual(0, exit);
        Assert.Contains("county", error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void An_unknown_role_is_refused()
    {
        var (exit, _, error) = Cli.Run("keys", "create", "--role", "admin", "--user", "x", "--connection", _connection);
        Assert.NotEqual(0, exit);
        Assert.Contains("--role must be center, county or carrier", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Monitoring_api_serves_the_api_alone_to_a_key_made_with_keys_create()
    {
        string key = Cli.Run("keys", "create", "--role", "center", "--user", "市中心值班员", "--connection", _connection).Output.Trim();
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in (string[])[Path.Combine(AppContext.BaseDirectory, "monitoring.dll"), "api",
            $"--Monitoring:Database:ConnectionString={_connection}", $"--Monitoring:Http:Urls=http://127.0.0.1:{port}"])
        {
            start.ArgumentList.Add(a);
        }

        using var api = Process.Start(start)!;
        api.OutputDataReceived += (_, _) => { };
        api.ErrorDataReceived += (_, _) => { };
        api.BeginOutputReadLine();
        api.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };
            HttpResponseMessage? me = null;
            for (int i = 0; i < 120 && !api.HasExited && me is null; i++)
            {
                try
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, "/api/me");
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
                    me = await http.SendAsync(request);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    await Task.Delay(250);
                }
            }

            Assert.NotNull(me);
            Assert.Equal(HttpStatusCode.OK, me.StatusCode);
            Assert.Contains("市中心值班员", await me.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync(new Uri("/api/me", UriKind.Relative))).StatusCode);
        }
        finally
        {
            api.Kill(entireProcessTree: true);
            await api.WaitForExitAsync();
        }
    }
}

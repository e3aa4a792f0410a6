using System.CommandLine;
using System.Globalization;
using Monitoring.Storage;
using Npgsql;

namespace Monitoring.Host.Commands;

/// <summary>`monitoring keys create|list|revoke`: API keys (docs/api.md). A key's text is printed once, at creation; the store keeps its SHA-256.</summary>
static class KeysCommand
{
    public static Command Create()
    {
        var command = new Command("keys", "API keys: create (printed once), list, revoke.");
        command.Subcommands.Add(CreateCreate());
        command.Subcommands.Add(CreateList());
        command.Subcommands.Add(CreateRevoke());
        return command;
    }

    static Option<string?> ConnectionOption() => new("--connection")
    {
        Description = $"Npgsql connection string (default: the {MonitoringDataSource.ConnectionStringVariable} environment variable).",
    };

    static Command CreateCreate()
    {
        var connection = ConnectionOption();
        var role = new Option<string>("--role") { Description = "center (everything), county (one county) or carrier (one carrier).", Required = true };
        var user = new Option<string>("--user") { Description = "Who uses the key; recorded with every handling step.", Required = true };
        var county = new Option<int?>("--county") { Description = "County code (行政区划代码), for --role county." };
        var carrier = new Option<long?>("--carrier") { Description = "Carrier id, for --role carrier." };
        var create = new Command("create", "Create a key and print it (the only time it is shown).") { connection, role, user, county, carrier };
        create.SetAction((parse, cancellationToken) => WithStoreAsync(parse, connection, async (store, output) =>
        {
            if (!ApiKeyStore.TryParseRole(parse.GetValue(role), out var r))
            {
                throw new ArgumentException($"--role must be center, county or carrier, not '{parse.GetValue(role)}'.");
            }

            var key = await store.CreateAsync(parse.GetValue(user)!, r, parse.GetValue(county), parse.GetValue(carrier), DateTime.UtcNow, cancellationToken);
            await output.WriteLineAsync(key.Key);
            await parse.InvocationConfiguration.Error.WriteLineAsync($"Key {key.Record.Id} for {Describe(key.Record)}. Keep it: it is not shown again.");
            return 0;
        }));
        return create;
    }

    static Command CreateList()
    {
        var connection = ConnectionOption();
        var list = new Command("list", "List keys (id, prefix, user, role, scope, created, last used, revoked); never their text.") { connection };
        list.SetAction((parse, cancellationToken) => WithStoreAsync(parse, connection, async (store, output) =>
        {
            await output.WriteLineAsync("id\tprefix\tuser\trole\tscope\tcreated\tlast_used\trevoked");
            foreach (var k in await store.ListAsync(cancellationToken))
            {
                await output.WriteLineAsync(string.Join('\t', k.Id.ToString(CultureInfo.InvariantCulture), k.KeyPrefix + "…", k.UserName, ApiKeyStore.RoleName(k.Role),
                    Scope(k), Time(k.CreatedAt), Time(k.LastUsedAt), Time(k.RevokedAt)));
            }

            return 0;
        }));
        return list;
    }

    static Command CreateRevoke()
    {
        var connection = ConnectionOption();
        var id = new Argument<long>("id") { Description = "The key's id (from `monitoring keys list`)." };
        var revoke = new Command("revoke", "Revoke a key: it is refused from the next request on (open event streams end within a minute).") { connection, id };
        revoke.SetAction((parse, cancellationToken) => WithStoreAsync(parse, connection, async (store, output) =>
        {
            if (!await store.RevokeAsync(parse.GetValue(id), DateTime.UtcNow, cancellationToken))
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"There is no live key {parse.GetValue(id)}.");
                return 1;
            }

            await output.WriteLineAsync($"Revoked key {parse.GetValue(id)}.");
            return 0;
        }));
        return revoke;
    }

    static async Task<int> WithStoreAsync(ParseResult parse, Option<string?> connection, Func<ApiKeyStore, TextWriter, Task<int>> action)
    {
        var error = parse.InvocationConfiguration.Error;
        string? connectionString = parse.GetValue(connection) ?? Environment.GetEnvironmentVariable(MonitoringDataSource.ConnectionStringVariable);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            await error.WriteLineAsync($"No connection string: pass --connection or set {MonitoringDataSource.ConnectionStringVariable}.");
            return 2;
        }

        try
        {
            await using var dataSource = MonitoringDataSource.Create(connectionString);
            await new SchemaMigrator(dataSource).MigrateAsync();
            return await action(new ApiKeyStore(dataSource), parse.InvocationConfiguration.Output);
        }
        catch (Exception e) when (e is NpgsqlException or ArgumentException or InvalidOperationException)
        {
            await error.WriteLineAsync(e.Message);
            return 1;
        }
    }

    internal static string Describe(ApiKeyRecord key) => $"{key.UserName} ({(Scope(key) is { Length: > 0 } s ? s : ApiKeyStore.RoleName(key.Role))})";

    static string Scope(ApiKeyRecord key) => key.Role switch
    {
        ApiRole.County => $"county {key.CountyId}",
        ApiRole.Carrier => $"carrier {key.CarrierId}",
        _ => "",
    };

    static string Time(DateTime? t) => t?.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture) ?? "";
}

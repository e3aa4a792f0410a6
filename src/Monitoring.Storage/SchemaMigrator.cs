using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Monitoring.Storage;

/// <summary>What <see cref="SchemaMigrator.MigrateAsync"/> did.</summary>
public sealed record MigrationResult(StoragePath Path, IReadOnlyList<Migration> Applied, int AlreadyApplied);

/// <summary>
/// Applies the embedded migrations in version order, each in its own transaction, recording them in
/// <c>schema_migrations</c>. A session advisory lock serializes concurrent migrators (two service instances
/// starting at once), so running it twice, concurrently or on a live database is safe.
/// </summary>
public sealed class SchemaMigrator(NpgsqlDataSource dataSource, ILogger<SchemaMigrator>? logger = null)
{
    // Any constant shared by every migrator of this schema: ASCII "MONIMIGR".
    const long AdvisoryLockKey = 0x4D4F4E494D494752;

    readonly ILogger _logger = logger ?? NullLogger<SchemaMigrator>.Instance;

    /// <param name="requested">Force a path (tests, or an operator who wants plain tables on a TimescaleDB server);
    /// null = the path already recorded in the database, else detect it.</param>
    public async Task<MigrationResult> MigrateAsync(StoragePath? requested = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, $"SELECT pg_advisory_lock({AdvisoryLockKey})", cancellationToken).ConfigureAwait(false);
        try
        {
            await ExecuteAsync(connection, """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version integer PRIMARY KEY,
                    name text NOT NULL,
                    path text NOT NULL,
                    checksum text NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now())
                """, cancellationToken).ConfigureAwait(false);
            var applied = await ReadAppliedAsync(connection, cancellationToken).ConfigureAwait(false);
            var path = await ChoosePathAsync(connection, applied, requested, cancellationToken).ConfigureAwait(false);

            var done = new List<Migration>();
            int already = 0;
            foreach (var migration in Migration.For(path))
            {
                if (applied.TryGetValue(migration.Version, out var row))
                {
                    if (row.Checksum != migration.Checksum)
                    {
                        throw new InvalidOperationException(
                            $"Migration {migration.Version:D4}_{migration.Name} was changed after it was applied (checksum {row.Checksum} in the database, {migration.Checksum} now). Add a new migration instead of editing an applied one.");
                    }

                    already++;
                    continue;
                }

                await ApplyAsync(connection, migration, cancellationToken).ConfigureAwait(false);
                done.Add(migration);
                _logger.LogInformation("Applied migration {Version:D4}_{Name} ({Path} path)", migration.Version, migration.Name, path);
            }

            if (done.Count > 0)
            {
                // The data source cached the types it saw before PostGIS existed.
                await connection.ReloadTypesAsync(cancellationToken).ConfigureAwait(false);
            }

            return new MigrationResult(path, done, already);
        }
        finally
        {
            if (connection.State == System.Data.ConnectionState.Open)
            {
                await ExecuteAsync(connection, $"SELECT pg_advisory_unlock({AdvisoryLockKey})", CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The path recorded in the database by a previous migration, or null for an empty database.</summary>
    public async Task<StoragePath?> ReadRecordedPathAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            "SELECT path FROM schema_migrations WHERE path <> 'common' LIMIT 1", connection);
        try
        {
            return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string text ? ParsePath(text) : null;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return null;
        }
    }

    async Task<StoragePath> ChoosePathAsync(NpgsqlConnection connection, Dictionary<int, AppliedRow> applied, StoragePath? requested, CancellationToken cancellationToken)
    {
        var recorded = applied.Values.Select(r => r.Path).FirstOrDefault(p => p != "common") is { } text ? ParsePath(text) : (StoragePath?)null;
        if (recorded is { } existing)
        {
            if (requested is { } wanted && wanted != existing)
            {
                throw new InvalidOperationException(
                    $"This database was migrated for the {existing} path; it cannot be switched to {wanted} in place (dump and restore into a new database instead).");
            }

            _logger.LogInformation("Storage path: {Path} (recorded in schema_migrations)", existing);
            return existing;
        }

        var detection = await StoragePathDetector.DetectAsync(connection, cancellationToken).ConfigureAwait(false);
        if (requested is { } forced)
        {
            if (forced == StoragePath.Timescale && detection.Path != StoragePath.Timescale)
            {
                throw new InvalidOperationException($"The TimescaleDB path was requested but {detection.Reason}.");
            }

            _logger.LogInformation("Storage path: {Path} (requested; {Reason})", forced, detection.Reason);
            return forced;
        }

        _logger.LogInformation("Storage path: {Path} ({Reason})", detection.Path, detection.Reason);
        return detection.Path;
    }

    static async Task ApplyAsync(NpgsqlConnection connection, Migration migration, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var command = new NpgsqlCommand(migration.Sql, connection, transaction) { CommandTimeout = 600 })
        {
            try
            {
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (PostgresException e)
            {
                throw new InvalidOperationException($"Migration {migration.Version:D4}_{migration.Name} failed: {e.MessageText} (SQLSTATE {e.SqlState}).", e);
            }
        }

        await using (var record = new NpgsqlCommand(
            "INSERT INTO schema_migrations (version, name, path, checksum) VALUES ($1, $2, $3, $4)", connection, transaction))
        {
            record.Parameters.Add(new() { Value = migration.Version });
            record.Parameters.Add(new() { Value = migration.Name });
            record.Parameters.Add(new() { Value = migration.Path is { } p ? FormatPath(p) : "common" });
            record.Parameters.Add(new() { Value = migration.Checksum });
            await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    static async Task<Dictionary<int, AppliedRow>> ReadAppliedAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var rows = new Dictionary<int, AppliedRow>();
        await using var command = new NpgsqlCommand("SELECT version, path, checksum FROM schema_migrations", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows[reader.GetInt32(0)] = new AppliedRow(reader.GetString(1), reader.GetString(2));
        }

        return rows;
    }

    static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    static string FormatPath(StoragePath path) => path == StoragePath.Timescale ? "timescale" : "plain";

    static StoragePath ParsePath(string text) => text switch
    {
        "plain" => StoragePath.Plain,
        "timescale" => StoragePath.Timescale,
        _ => throw new InvalidOperationException($"schema_migrations records an unknown storage path '{text}'."),
    };

    sealed record AppliedRow(string Path, string Checksum);
}

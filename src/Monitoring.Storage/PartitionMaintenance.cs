using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Monitoring.Storage;

/// <summary>
/// Keeps the plain path's partitions: position partitions per Asia/Shanghai day from yesterday to
/// <see cref="StorageOptions.PartitionDaysAhead"/> days ahead, episode partitions per month (this and next),
/// and drops those whose whole range is older than the retention. Rows the DEFAULT partitions caught for a
/// range that now gets its partition are moved into it in the same transaction. On the TimescaleDB path it
/// (re)applies the compression and retention policies instead. Run it at start-up and hourly; a session
/// advisory lock lets only one instance work at a time.
/// </summary>
public sealed class PartitionMaintenance(NpgsqlDataSource dataSource, StorageOptions options, ILogger<PartitionMaintenance>? logger = null)
{
    // ASCII "MONIPART".
    const long AdvisoryLockKey = 0x4D4F4E4950415254;

    readonly ILogger _logger = logger ?? NullLogger<PartitionMaintenance>.Instance;

    public async Task<MaintenanceReport> RunAsync(DateTime utcNow, CancellationToken cancellationToken = default)
    {
        options.Validate();
        var path = await new SchemaMigrator(dataSource).ReadRecordedPathAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException("The database is not migrated: run `monitoring db migrate` first.");
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (var lockCommand = new NpgsqlCommand($"SELECT pg_try_advisory_lock({AdvisoryLockKey})", connection))
        {
            if (await lockCommand.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not true)
            {
                return new MaintenanceReport(path, [], [], 0, 0) { Ran = false };
            }
        }

        try
        {
            var rolledUp = await RollUpAssessmentDaysAsync(connection, utcNow, cancellationToken).ConfigureAwait(false);
            await PruneAlertLogAsync(connection, utcNow, cancellationToken).ConfigureAwait(false);
            if (path == StoragePath.Timescale)
            {
                await TimescalePolicies.ApplyAsync(connection, options, cancellationToken).ConfigureAwait(false);
                _logger.LogInformation("TimescaleDB policies applied: positions kept {Positions}, episodes {Episodes}, compressed after {Compress}",
                    options.PositionRetention, options.EpisodeRetention, options.CompressAfter);
                return new MaintenanceReport(path, [], [], 0, 0) { RolledUpDays = rolledUp };
            }

            // DDL on a partitioned table queues behind long reports and then blocks the writers queued behind
            // it: give up after a few seconds and try again at the next run instead.
            await ExecuteAsync(connection, $"SET lock_timeout = {(long)options.MaintenanceLockTimeout.TotalMilliseconds}", cancellationToken).ConfigureAwait(false);
            var report = await RunPlainAsync(connection, utcNow, cancellationToken).ConfigureAwait(false) with { RolledUpDays = rolledUp };
            if (report.CreatedPartitions.Count > 0 || report.DroppedPartitions.Count > 0 || report.RowsDeleted > 0)
            {
                _logger.LogInformation("Partition maintenance: created [{Created}], dropped [{Dropped}], moved {Moved} rows out of the default partitions, deleted {Deleted} expired rows",
                    string.Join(", ", report.CreatedPartitions), string.Join(", ", report.DroppedPartitions), report.RowsMovedFromDefault, report.RowsDeleted);
            }

            return report;
        }
        finally
        {
            await using var unlock = new NpgsqlCommand($"RESET lock_timeout; SELECT pg_advisory_unlock({AdvisoryLockKey})", connection);
            await unlock.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    // Makes the finished days of the last week final in vehicle_daily_stats (a week, to catch up after an
    // outage of the service), and forgets the figures of days past the episode retention.
    async Task<IReadOnlyList<DateOnly>> RollUpAssessmentDaysAsync(NpgsqlConnection connection, DateTime utcNow, CancellationToken cancellationToken)
    {
        var assessment = new AssessmentQueries(dataSource);
        var today = ShanghaiTime.DayOf(utcNow);
        var days = await assessment.DaysToRollUpAsync(today.AddDays(-8), today.AddDays(-2), cancellationToken).ConfigureAwait(false);
        foreach (var day in days)
        {
            await assessment.RollUpAsync(day, utcNow, cancellationToken).ConfigureAwait(false);
        }

        var cutoff = ShanghaiTime.DayOf(utcNow - options.EpisodeRetention);
        await ExecuteAsync(connection, "DELETE FROM vehicle_daily_stats WHERE day < $1", cancellationToken, cutoff).ConfigureAwait(false);
        await ExecuteAsync(connection, "DELETE FROM assessment_days WHERE day < $1", cancellationToken, cutoff).ConfigureAwait(false);
        return days;
    }

    // The alert event log feeds the live stream (resume after a reconnect) and the deliveries; once delivered and
    // past AlertLogRetention an event is history the episodes keep anyway. An event still owed to a webhook, or not
    // yet published on the MQTT alert topic, stays whatever its age.
    async Task PruneAlertLogAsync(NpgsqlConnection connection, DateTime utcNow, CancellationToken cancellationToken)
    {
        var alertCutoff = utcNow - options.AlertLogRetention;
        long outbox = await ExecuteAsync(connection, "DELETE FROM outbox WHERE delivered_at < $1", cancellationToken, alertCutoff).ConfigureAwait(false);
        long deliveries = await ExecuteAsync(connection, "DELETE FROM webhook_deliveries WHERE attempted_at < $1", cancellationToken,
            utcNow - options.DeliveryLogRetention).ConfigureAwait(false);
        long events = await ExecuteAsync(connection, """
            DELETE FROM alert_events e WHERE e.created_at < $1
                AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.event_id = e.id)
                AND e.id <= COALESCE((SELECT position FROM relay_cursors WHERE name = 'mqtt_alerts'), 9223372036854775807)
            """, cancellationToken, alertCutoff).ConfigureAwait(false);
        if (outbox + deliveries + events > 0)
        {
            _logger.LogInformation("Alert log pruned: {Events} events, {Outbox} delivered outbox rows, {Deliveries} delivery attempts", events, outbox, deliveries);
        }
    }

    async Task<MaintenanceReport> RunPlainAsync(NpgsqlConnection connection, DateTime utcNow, CancellationToken cancellationToken)
    {
        var created = new List<string>();
        var dropped = new List<string>();
        var deferred = new List<string>();
        long moved = 0;
        long deleted = 0;
        var today = ShanghaiTime.DayOf(utcNow);

        // Positions: one partition per Shanghai day.
        var positionCutoff = utcNow - options.PositionRetention;
        var existing = await ListPartitionsAsync(connection, "positions", cancellationToken).ConfigureAwait(false);
        for (var day = today.AddDays(-1); day <= today.AddDays(options.PartitionDaysAhead); day = day.AddDays(1))
        {
            string name = $"positions_p{day:yyyyMMdd}";
            var from = ShanghaiTime.StartOf(day);
            if (!existing.Contains(name) && from.AddDays(1) > positionCutoff
                && await DeferOnLockTimeoutAsync(name, deferred, () => CreatePartitionAsync(connection, "positions", "device_time", name, from, from.AddDays(1), cancellationToken)).ConfigureAwait(false) is { } rows)
            {
                moved += rows;
                created.Add(name);
            }
        }

        foreach (string name in existing)
        {
            if (TryParseDay(name, "positions_p", out var day) && ShanghaiTime.StartOf(day).AddDays(1) <= positionCutoff
                && await DeferOnLockTimeoutAsync(name, deferred, () => ExecuteAsync(connection, $"DROP TABLE {name}", cancellationToken)).ConfigureAwait(false) is not null)
            {
                dropped.Add(name);
            }
        }

        deleted += await ExecuteAsync(connection, "DELETE FROM positions_default WHERE device_time < $1", cancellationToken, positionCutoff).ConfigureAwait(false);

        // Episodes: one partition per Shanghai month; handling records and daily counts expire with them.
        var episodeCutoff = utcNow - options.EpisodeRetention;
        existing = await ListPartitionsAsync(connection, "episodes", cancellationToken).ConfigureAwait(false);
        var month = new DateOnly(today.Year, today.Month, 1);
        foreach (var m in (DateOnly[])[month, month.AddMonths(1)])
        {
            string name = $"episodes_p{m:yyyyMM}";
            if (!existing.Contains(name)
                && await DeferOnLockTimeoutAsync(name, deferred, () => CreatePartitionAsync(connection, "episodes", "start_time", name, ShanghaiTime.StartOf(m), ShanghaiTime.StartOf(m.AddMonths(1)), cancellationToken)).ConfigureAwait(false) is { } rows)
            {
                moved += rows;
                created.Add(name);
            }
        }

        foreach (string name in existing)
        {
            if (TryParseMonth(name, out var m) && ShanghaiTime.StartOf(m.AddMonths(1)) <= episodeCutoff
                && await DeferOnLockTimeoutAsync(name, deferred, () => ExecuteAsync(connection, $"DROP TABLE {name}", cancellationToken)).ConfigureAwait(false) is not null)
            {
                dropped.Add(name);
            }
        }

        deleted += await ExecuteAsync(connection, "DELETE FROM episodes_default WHERE start_time < $1", cancellationToken, episodeCutoff).ConfigureAwait(false);
        deleted += await ExecuteAsync(connection, "DELETE FROM alert_handling WHERE episode_start < $1", cancellationToken, episodeCutoff).ConfigureAwait(false);
        deleted += await ExecuteAsync(connection, "DELETE FROM daily_violation_counts WHERE day < $1", cancellationToken, ShanghaiTime.DayOf(episodeCutoff)).ConfigureAwait(false);
        return new MaintenanceReport(StoragePath.Plain, created, dropped, moved, deleted) { Deferred = deferred };
    }

    async Task<long?> DeferOnLockTimeoutAsync(string partition, List<string> deferred, Func<Task<long>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.LockNotAvailable)
        {
            _logger.LogWarning("Partition maintenance: {Partition} deferred to the next run, its table is busy ({Message})", partition, e.MessageText);
            deferred.Add(partition);
            return null;
        }
    }

    // Create the table, move the default partition's rows of its range into it, attach it: in one transaction,
    // because a partition cannot be created over rows the default partition already holds.
    static async Task<long> CreatePartitionAsync(NpgsqlConnection connection, string parent, string column, string name, DateTime from, DateTime to, CancellationToken cancellationToken)
    {
        string fromLiteral = Literal(from);
        string toLiteral = Literal(to);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, $"CREATE TABLE {name} (LIKE {parent} INCLUDING DEFAULTS)", cancellationToken).ConfigureAwait(false);
        long moved = await ExecuteAsync(connection, $"""
            WITH moved AS (DELETE FROM {parent}_default WHERE {column} >= '{fromLiteral}' AND {column} < '{toLiteral}' RETURNING *)
            INSERT INTO {name} SELECT * FROM moved
            """, cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, $"ALTER TABLE {parent} ATTACH PARTITION {name} FOR VALUES FROM ('{fromLiteral}') TO ('{toLiteral}')", cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return moved;
    }

    static async Task<HashSet<string>> ListPartitionsAsync(NpgsqlConnection connection, string parent, CancellationToken cancellationToken)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        await using var command = new NpgsqlCommand(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = $1::regclass", connection);
        command.Parameters.Add(new() { Value = parent });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    static async Task<long> ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params object[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 600 };
        foreach (object value in parameters)
        {
            command.Parameters.Add(new() { Value = value });
        }

        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    static string Literal(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm:ss'+00'", CultureInfo.InvariantCulture);

    static bool TryParseDay(string name, string prefix, out DateOnly day) =>
        DateOnly.TryParseExact(name.StartsWith(prefix, StringComparison.Ordinal) ? name[prefix.Length..] : "", "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day);

    static bool TryParseMonth(string name, out DateOnly month) =>
        DateOnly.TryParseExact(name.StartsWith("episodes_p", StringComparison.Ordinal) ? name["episodes_p".Length..] + "01" : "", "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out month);
}

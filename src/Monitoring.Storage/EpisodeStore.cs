using Monitoring.Storage.Internal;
using Npgsql;
using NpgsqlTypes;

namespace Monitoring.Storage;

/// <summary>
/// Episodes and their handling. Upserts are idempotent by episode key: state and severity only rise, the
/// maximum speed only grows, an end once known stays, <c>late</c> once set stays. On the plain path the first
/// insert of an episode also counts it in <c>daily_violation_counts</c>, in the same statement (the
/// TimescaleDB path has a continuous aggregate instead). Each record also raises its alert event (docs/alerts.md)
/// in the same transaction: once per (episode, transition, severity), queued in the outbox for each active
/// webhook subscription of the carrier, and announced with <c>NOTIFY alert_events</c> at commit.
/// </summary>
public sealed class EpisodeStore(NpgsqlDataSource dataSource, StoragePath path)
{
    // Two statements per record: insert if new (counting it on the plain path), then merge into whatever row is
    // there. Separate statements, because a partitioned table cannot return xmax to tell an insert from an update,
    // and because in READ COMMITTED the second one sees the row even when a concurrent writer inserted it.
    const string InsertSql = """
        INSERT INTO episodes (vehicle_id, rule, start_time, end_time, state, severity, limit_kmh, max_speed_kmh, late, carrier_id, county_id, updated_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
        ON CONFLICT (vehicle_id, rule, start_time) DO NOTHING
        """;

    const string InsertCountingSql = "WITH inserted AS (" + InsertSql + """
         RETURNING county_id, carrier_id)
        INSERT INTO daily_violation_counts AS d (day, county_id, carrier_id, rule, episodes)
        SELECT ($3 AT TIME ZONE 'Asia/Shanghai')::date, county_id, carrier_id, $2, 1 FROM inserted
        ON CONFLICT (day, county_id, carrier_id, rule) DO UPDATE SET episodes = d.episodes + 1
        """;

    const string MergeSql = """
        UPDATE episodes e SET
            end_time = COALESCE(e.end_time, $4),
            state = GREATEST(e.state, $5),
            severity = GREATEST(e.severity, $6),
            limit_kmh = COALESCE($7, e.limit_kmh),
            max_speed_kmh = GREATEST(e.max_speed_kmh, $8),
            late = e.late OR $9,
            updated_at = GREATEST(e.updated_at, $12)
        WHERE e.vehicle_id = $1 AND e.rule = $2 AND e.start_time = $3
        """;

    // The record's transition as an alert event, once: a replayed record conflicts and inserts nothing, so neither
    // the outbox rows nor the notification repeat. Data-modifying CTEs run whether or not the SELECT reads them.
    const string EventSql = """
        WITH event AS (
            INSERT INTO alert_events (vehicle_id, rule, start_time, transition, severity, late, carrier_id, county_id, created_at)
            VALUES ($1, $2, $3, $5, $6, $9, $10, $11, now())
            ON CONFLICT (vehicle_id, rule, start_time, transition, severity) DO NOTHING
            RETURNING id, carrier_id),
        queued AS (
            INSERT INTO outbox (carrier_id, subscription_id, event_id, created_at, next_attempt_at)
            SELECT event.carrier_id, s.id, event.id, now(), '-infinity'
            FROM event JOIN webhook_subscriptions s ON s.carrier_id = event.carrier_id AND s.active)
        SELECT id FROM event
        """;

    /// <summary>Writes the records in order, in one transaction, with their alert events.</summary>
    public async Task UpsertAsync(IReadOnlyList<EpisodeRecord> episodes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(episodes);
        if (episodes.Count == 0)
        {
            return;
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var episode in episodes)
        {
            Validate(episode);
            batch.BatchCommands.Add(Command(path == StoragePath.Plain ? InsertCountingSql : InsertSql, episode));
            batch.BatchCommands.Add(Command(MergeSql, episode));
            batch.BatchCommands.Add(Command(EventSql, episode));
        }

        long newest = 0;
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            do
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    newest = Math.Max(newest, reader.GetInt64(0));
                }
            }
            while (await reader.NextResultAsync(cancellationToken).ConfigureAwait(false));
        }

        if (newest > 0)
        {
            // Delivered to the listeners at commit, and only if the transaction commits.
            await using var notify = new NpgsqlCommand("SELECT pg_notify('alert_events', $1)", connection, transaction);
            notify.Parameters.Add(new() { Value = newest.ToString(System.Globalization.CultureInfo.InvariantCulture) });
            await notify.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    static NpgsqlBatchCommand Command(string sql, EpisodeRecord episode)
    {
        var command = new NpgsqlBatchCommand(sql);
        var p = command.Parameters;
        p.Add(new() { Value = episode.Key.VehicleId, NpgsqlDbType = NpgsqlDbType.Bigint });
        p.Add(new() { Value = episode.Key.Rule, NpgsqlDbType = NpgsqlDbType.Text });
        p.Add(new() { Value = episode.Key.StartTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        p.Add(new() { Value = (object?)episode.EndTime ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        p.Add(new() { Value = (short)episode.State, NpgsqlDbType = NpgsqlDbType.Smallint });
        p.Add(new() { Value = episode.Severity, NpgsqlDbType = NpgsqlDbType.Smallint });
        p.Add(new() { Value = episode.LimitKmh is { } limit ? limit : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Double });
        p.Add(new() { Value = episode.MaxSpeedKmh is { } max ? max : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Double });
        p.Add(new() { Value = episode.Late, NpgsqlDbType = NpgsqlDbType.Boolean });
        p.Add(new() { Value = episode.CarrierId, NpgsqlDbType = NpgsqlDbType.Bigint });
        p.Add(new() { Value = episode.CountyId, NpgsqlDbType = NpgsqlDbType.Integer });
        p.Add(new() { Value = episode.UpdatedAt, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        return command;
    }

    /// <summary>One episode by its key, or null.</summary>
    public async Task<EpisodeRecord?> FindAsync(EpisodeKey key, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT {EpisodeReader.Columns} FROM episodes WHERE vehicle_id = $1 AND rule = $2 AND start_time = $3");
        command.Parameters.Add(new() { Value = key.VehicleId });
        command.Parameters.Add(new() { Value = key.Rule });
        command.Parameters.Add(new() { Value = key.StartTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? EpisodeReader.Read(reader) : null;
    }

    /// <summary>Records a handling step; the same step at the same time recorded twice is kept once.</summary>
    public async Task AddHandlingAsync(AlertHandlingRecord handling, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handling);
        ArgumentException.ThrowIfNullOrWhiteSpace(handling.Step);
        ArgumentException.ThrowIfNullOrWhiteSpace(handling.UserName);
        RequireUtc(handling.HandledAt, nameof(handling.HandledAt));
        await using var command = dataSource.CreateCommand("""
            INSERT INTO alert_handling (vehicle_id, rule, episode_start, step, user_name, handled_at, note)
            VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING
            """);
        command.Parameters.Add(new() { Value = handling.Episode.VehicleId });
        command.Parameters.Add(new() { Value = handling.Episode.Rule });
        command.Parameters.Add(new() { Value = handling.Episode.StartTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new() { Value = handling.Step });
        command.Parameters.Add(new() { Value = handling.UserName });
        command.Parameters.Add(new() { Value = handling.HandledAt, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new() { Value = (object?)handling.Note ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>An episode's handling steps in time order.</summary>
    public async Task<IReadOnlyList<AlertHandlingRecord>> HandlingAsync(EpisodeKey key, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT step, user_name, handled_at, note FROM alert_handling
            WHERE vehicle_id = $1 AND rule = $2 AND episode_start = $3 ORDER BY handled_at, step
            """);
        command.Parameters.Add(new() { Value = key.VehicleId });
        command.Parameters.Add(new() { Value = key.Rule });
        command.Parameters.Add(new() { Value = key.StartTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        var list = new List<AlertHandlingRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(new AlertHandlingRecord(key, reader.GetString(0), reader.GetString(1), reader.GetFieldValue<DateTime>(2),
                reader.IsDBNull(3) ? null : reader.GetString(3)));
        }

        return list;
    }

    static void Validate(EpisodeRecord episode)
    {
        ArgumentNullException.ThrowIfNull(episode);
        ArgumentException.ThrowIfNullOrWhiteSpace(episode.Key.Rule, "episode.Key.Rule");
        RequireUtc(episode.Key.StartTime, "episode.Key.StartTime");
        RequireUtc(episode.UpdatedAt, "episode.UpdatedAt");
        if (episode.EndTime is { } end)
        {
            RequireUtc(end, "episode.EndTime");
            if (end < episode.Key.StartTime)
            {
                throw new ArgumentException($"Episode {episode.Key} ends ({end:O}) before it starts.", nameof(episode));
            }
        }

        if (!Enum.IsDefined(episode.State))
        {
            throw new ArgumentException($"Episode {episode.Key} has an unknown state {(short)episode.State}.", nameof(episode));
        }
    }

    internal static void RequireUtc(DateTime time, string name)
    {
        if (time.Kind != DateTimeKind.Utc)
        {
            throw new ArgumentException($"{name} must be UTC (DateTimeKind.Utc).", name);
        }
    }
}

using System.Globalization;
using System.Text;
using Monitoring.Storage.Internal;
using Npgsql;

namespace Monitoring.Storage;

/// <summary>
/// Reads the alert events that <see cref="EpisodeStore.UpsertAsync"/> raises, in id order: the API's live stream
/// and the relays resume from the last id they handled. New events are announced on the PostgreSQL channel
/// <see cref="NotifyChannel"/> (payload: the largest new id) when their transaction commits.
/// </summary>
public sealed class AlertEventStore(NpgsqlDataSource dataSource)
{
    /// <summary>The channel of <c>LISTEN</c>/<c>NOTIFY</c> that announces new events.</summary>
    public const string NotifyChannel = "alert_events";

    /// <summary>The most events one read returns.</summary>
    public const int MaxLimit = 10_000;

    /// <summary>Events with id &gt; <paramref name="afterId"/>, oldest first, at most <paramref name="limit"/>,
    /// filtered in SQL.</summary>
    public async Task<IReadOnlyList<AlertEvent>> ReadAfterAsync(long afterId, int limit, AlertEventFilter filter, CancellationToken cancellationToken = default)
    {
        await using var command = FilteredCommand(AlertEventReader.Columns, "", afterId, limit, filter);
        var list = new List<AlertEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(AlertEventReader.Read(reader));
        }

        return list;
    }

    /// <summary>As <see cref="ReadAfterAsync"/>, with the plate, names and the episode's figures as stored now.</summary>
    public async Task<IReadOnlyList<AlertEventDetail>> ReadDetailsAfterAsync(long afterId, int limit, AlertEventFilter filter, CancellationToken cancellationToken = default)
    {
        await using var command = FilteredCommand(AlertEventReader.DetailColumns, AlertEventReader.DetailJoins, afterId, limit, filter);
        var list = new List<AlertEventDetail>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(AlertEventReader.ReadDetail(reader));
        }

        return list;
    }

    /// <summary>The id of the newest event, 0 when there is none.</summary>
    public async Task<long> LastIdAsync(CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT COALESCE(max(id), 0) FROM alert_events");
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    NpgsqlCommand FilteredCommand(string columns, string joins, long afterId, int limit, AlertEventFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentOutOfRangeException.ThrowIfNegative(afterId);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxLimit);
        if (filter.Rule is not null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(filter.Rule, "filter.Rule");
        }

        // Only the conditions asked for, so that each shape of query gets its own plan and index.
        var command = dataSource.CreateCommand();
        var sql = new StringBuilder($"SELECT {columns} FROM alert_events ae {joins} WHERE ae.id > ").Append(Parameter(command, afterId));
        if (filter.CarrierId is { } carrier)
        {
            sql.Append(" AND ae.carrier_id = ").Append(Parameter(command, carrier));
        }

        if (filter.CountyId is { } county)
        {
            sql.Append(" AND ae.county_id = ").Append(Parameter(command, county));
        }

        if (filter.Rule is { } rule)
        {
            string p = Parameter(command, rule);
            sql.Append(rule.Contains(':', StringComparison.Ordinal)
                ? $" AND ae.rule = {p}"
                : $" AND (ae.rule = {p} OR starts_with(ae.rule, {p} || ':'))");
        }

        if (filter.MinSeverity is { } severity)
        {
            sql.Append(" AND ae.severity >= ").Append(Parameter(command, severity));
        }

        if (!filter.IncludeLate)
        {
            sql.Append(" AND NOT ae.late");
        }

        sql.Append(" ORDER BY ae.id LIMIT ").Append(Parameter(command, limit));
        command.CommandText = sql.ToString();
        return command;
    }

    /// <summary>Adds a positional parameter and returns its placeholder (<c>$n</c>).</summary>
    static string Parameter<T>(NpgsqlCommand command, T value)
    {
        command.Parameters.Add(new NpgsqlParameter<T> { TypedValue = value });
        return "$" + command.Parameters.Count.ToString(CultureInfo.InvariantCulture);
    }
}

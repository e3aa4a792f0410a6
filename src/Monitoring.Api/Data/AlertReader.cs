using Monitoring.Api.Access;
using Monitoring.Api.Alerts;
using Monitoring.Api.Contracts;
using Monitoring.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Monitoring.Api.Data;

/// <summary>Alerts (episodes with vehicle, carrier, county and handling state), always within the caller's scope in SQL.</summary>
sealed class AlertReader(ApiDatabase database)
{
    // The episode's carrier and county are those of the vehicle when it was detected (docs/storage.md); scope follows them.
    const string Select = $"""
        SELECT e.vehicle_id, e.rule, e.start_time, e.state, e.severity, e.end_time, e.limit_kmh, e.max_speed_kmh, e.late,
               e.carrier_id, e.county_id, e.updated_at, v.plate, v.plate_colour, coalesce(ca.name, ''), coalesce(co.name, ''),
               coalesce(h.step, 'new')
        FROM episodes e
        JOIN vehicles v ON v.id = e.vehicle_id
        LEFT JOIN carriers ca ON ca.id = e.carrier_id
        LEFT JOIN counties co ON co.id = e.county_id
        LEFT JOIN LATERAL (
            SELECT step FROM alert_handling a
            WHERE a.vehicle_id = e.vehicle_id AND a.rule = e.rule AND a.episode_start = e.start_time AND a.step IN {HandlingStates.StepsSql}
            ORDER BY a.handled_at DESC LIMIT 1) h ON true
        """;

    public async Task<AlertPage> ListAsync(Caller caller, AlertFilter filter, int limit, CancellationToken cancellationToken)
    {
        var sql = new Sql(Select);
        sql.Append($" WHERE {caller.Condition(sql, "e.county_id", "e.carrier_id")}");
        sql.Append($" AND e.start_time >= {sql.P(filter.From, NpgsqlDbType.TimestampTz)} AND e.start_time < {sql.P(filter.To, NpgsqlDbType.TimestampTz)}");
        if (filter.CountyId is { } county)
        {
            sql.Append($" AND e.county_id = {sql.P(county, NpgsqlDbType.Integer)}");
        }

        if (filter.CarrierId is { } carrier)
        {
            sql.Append($" AND e.carrier_id = {sql.P(carrier, NpgsqlDbType.Bigint)}");
        }

        if (filter.Rule is { } rule)
        {
            // A rule without ':' also finds its sub-rules: terminal_alarm finds terminal_alarm:emergency.
            string p = sql.P(rule, NpgsqlDbType.Text);
            sql.Append(rule.Contains(':', StringComparison.Ordinal) ? $" AND e.rule = {p}" : $" AND (e.rule = {p} OR starts_with(e.rule, {p} || ':'))");
        }

        if (filter.MinSeverity is { } severity)
        {
            sql.Append($" AND e.severity >= {sql.P(severity, NpgsqlDbType.Smallint)}");
        }

        if (filter.Handling is { } handling)
        {
            sql.Append($" AND coalesce(h.step, 'new') = {sql.P(handling, NpgsqlDbType.Text)}");
        }

        if (filter.Plate is { } plate)
        {
            sql.Append($" AND strpos(v.plate, {sql.P(plate, NpgsqlDbType.Text)}) > 0");
        }

        if (filter.After is { } after)
        {
            sql.Append($" AND (e.start_time, e.vehicle_id, e.rule) < ({sql.P(after.StartTime, NpgsqlDbType.TimestampTz)}, {sql.P(after.VehicleId, NpgsqlDbType.Bigint)}, {sql.P(after.Rule, NpgsqlDbType.Text)})");
        }

        sql.Append($" ORDER BY e.start_time DESC, e.vehicle_id DESC, e.rule DESC LIMIT {limit + 1}");
        var items = await ReadAsync(sql.Command(database.DataSource), cancellationToken).ConfigureAwait(false);
        if (items.Count <= limit)
        {
            return new AlertPage(items, null);
        }

        items.RemoveAt(limit);
        return new AlertPage(items, items[^1].Id);
    }

    /// <summary>One alert, or null when it does not exist or is outside the caller's scope.</summary>
    public async Task<Alert?> FindAsync(Caller caller, EpisodeKey key, NpgsqlConnection? connection = null, NpgsqlTransaction? transaction = null,
        CancellationToken cancellationToken = default)
    {
        var sql = new Sql(Select);
        sql.Append($" WHERE e.vehicle_id = {sql.P(key.VehicleId, NpgsqlDbType.Bigint)} AND e.rule = {sql.P(key.Rule, NpgsqlDbType.Text)}");
        sql.Append($" AND e.start_time = {sql.P(key.StartTime, NpgsqlDbType.TimestampTz)} AND {caller.Condition(sql, "e.county_id", "e.carrier_id")}");
        var command = connection is null ? sql.Command(database.DataSource) : sql.Command(connection, transaction);
        var items = await ReadAsync(command, cancellationToken).ConfigureAwait(false);
        return items.Count == 0 ? null : items[0];
    }

    /// <summary>
    /// Alerts of these episodes, within the caller's scope; without a caller, all of them (the live stream's fan-out
    /// reads once for every client, then filters per client by the events' county and carrier).
    /// </summary>
    public async Task<IReadOnlyDictionary<EpisodeKey, Alert>> ByKeysAsync(Caller? caller, IReadOnlyCollection<EpisodeKey> keys, CancellationToken cancellationToken)
    {
        if (keys.Count == 0)
        {
            return new Dictionary<EpisodeKey, Alert>();
        }

        var sql = new Sql(Select);
        sql.Append($"""
             JOIN unnest({sql.P(keys.Select(k => k.VehicleId).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Bigint)},
                         {sql.P(keys.Select(k => k.Rule).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text)},
                         {sql.P(keys.Select(k => k.StartTime).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.TimestampTz)}) AS k (vehicle_id, rule, start_time)
               ON k.vehicle_id = e.vehicle_id AND k.rule = e.rule AND k.start_time = e.start_time
            """);
        if (caller is not null)
        {
            sql.Append($" WHERE {caller.Condition(sql, "e.county_id", "e.carrier_id")}");
        }

        var items = await ReadAsync(sql.Command(database.DataSource), cancellationToken).ConfigureAwait(false);
        var map = new Dictionary<EpisodeKey, Alert>(items.Count);
        foreach (var alert in items)
        {
            map[new EpisodeKey(alert.VehicleId, alert.Rule, alert.Start)] = alert;
        }

        return map;
    }

    /// <summary>An episode's handling steps in time order.</summary>
    public async Task<IReadOnlyList<HandlingStep>> HandlingAsync(EpisodeKey key, CancellationToken cancellationToken)
    {
        var steps = await new EpisodeStore(database.DataSource, StoragePath.Plain).HandlingAsync(key, cancellationToken).ConfigureAwait(false);
        return [.. steps.Select(s => new HandlingStep(s.Step, s.UserName, s.HandledAt, s.Note))];
    }

    static async Task<List<Alert>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using (command)
        {
            var list = new List<Alert>();
            await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                list.Add(Read(r));
            }

            return list;
        }
    }

    static Alert Read(NpgsqlDataReader r)
    {
        var key = new EpisodeKey(r.GetInt64(0), r.GetString(1), r.GetFieldValue<DateTime>(2));
        var state = (EpisodeState)r.GetInt16(3);
        short severity = r.GetInt16(4);
        DateTime? end = r.IsDBNull(5) ? null : r.GetFieldValue<DateTime>(5);
        short colour = r.GetInt16(13);
        return new Alert(
            AlertId.Format(key),
            key.VehicleId,
            r.GetString(12),
            colour,
            Labels.PlateColour(colour),
            key.Rule,
            Labels.Rule(key.Rule),
            severity,
            Labels.Severity(severity),
            state switch { EpisodeState.Opened => "opened", EpisodeState.Escalated => "escalated", _ => "closed" },
            r.GetString(16),
            key.StartTime,
            end,
            end is { } e ? (long)(e - key.StartTime).TotalSeconds : null,
            r.IsDBNull(7) ? null : r.GetDouble(7),
            r.IsDBNull(6) ? null : r.GetDouble(6),
            r.GetBoolean(8),
            r.GetInt64(9),
            r.GetString(14),
            r.GetInt32(10),
            r.GetString(15),
            r.GetFieldValue<DateTime>(11));
    }
}

using System.Text;
using Monitoring.Storage.Internal;
using Npgsql;
using NpgsqlTypes;

namespace Monitoring.Storage;

/// <summary>What county centres and carriers read about violations.</summary>
public sealed class EpisodeQueries(NpgsqlDataSource dataSource)
{
    /// <summary>The county's episodes that started on the Asia/Shanghai day <paramref name="day"/>, in start order,
    /// with the plate and the latest handling step.</summary>
    public async Task<IReadOnlyList<ViolationListItem>> DailyViolationsAsync(int countyId, DateOnly day, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand($"""
            SELECT {EpisodeReader.Columns}, v.plate, v.plate_colour, h.step
            FROM episodes
            JOIN vehicles v ON v.id = episodes.vehicle_id
            LEFT JOIN LATERAL (
                SELECT step FROM alert_handling a
                WHERE a.vehicle_id = episodes.vehicle_id AND a.rule = episodes.rule AND a.episode_start = episodes.start_time
                ORDER BY a.handled_at DESC, a.step DESC LIMIT 1) h ON true
            WHERE episodes.county_id = $1 AND episodes.start_time >= $2 AND episodes.start_time < $3
            ORDER BY episodes.start_time, episodes.vehicle_id, episodes.rule
            """);
        command.Parameters.Add(new() { Value = countyId });
        command.Parameters.Add(new() { Value = ShanghaiTime.StartOf(day), NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new() { Value = ShanghaiTime.StartOf(day.AddDays(1)), NpgsqlDbType = NpgsqlDbType.TimestampTz });
        var list = new List<ViolationListItem>();
        await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            int c = EpisodeReader.ColumnCount;
            list.Add(new ViolationListItem(EpisodeReader.Read(r), r.GetString(c), r.GetInt16(c + 1), r.IsDBNull(c + 2) ? null : r.GetString(c + 2)));
        }

        return list;
    }

    /// <summary>
    /// Episodes matching <paramref name="filter"/>, newest start first, <paramref name="limit"/> per page. Keyset
    /// paging: pass the previous page's <see cref="EpisodePage.Next"/> as <paramref name="after"/>.
    /// </summary>
    public async Task<EpisodePage> EpisodesAsync(EpisodeFilter filter, EpisodeKey? after = null, int limit = 100, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        EpisodeStore.RequireUtc(filter.From, "filter.From");
        EpisodeStore.RequireUtc(filter.To, "filter.To");
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, 10_000);
        var sql = new StringBuilder($"SELECT {EpisodeReader.Columns} FROM episodes WHERE start_time >= $1 AND start_time < $2");
        await using var command = dataSource.CreateCommand();
        command.Parameters.Add(new() { Value = filter.From, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new() { Value = filter.To, NpgsqlDbType = NpgsqlDbType.TimestampTz });

        void And(string condition, object value, NpgsqlDbType type)
        {
            command.Parameters.Add(new() { Value = value, NpgsqlDbType = type });
            sql.Append(" AND ").Append(condition.Replace("@", "$" + command.Parameters.Count, StringComparison.Ordinal));
        }

        if (filter.CarrierId is { } carrier)
        {
            And("carrier_id = @", carrier, NpgsqlDbType.Bigint);
        }

        if (filter.CountyId is { } county)
        {
            And("county_id = @", county, NpgsqlDbType.Integer);
        }

        if (filter.Rule is { } rule)
        {
            And("rule = @", rule, NpgsqlDbType.Text);
        }

        if (filter.MinSeverity is { } severity)
        {
            And("severity >= @", severity, NpgsqlDbType.Smallint);
        }

        if (after is { } key)
        {
            EpisodeStore.RequireUtc(key.StartTime, "after.StartTime");
            command.Parameters.Add(new() { Value = key.StartTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            command.Parameters.Add(new() { Value = key.VehicleId, NpgsqlDbType = NpgsqlDbType.Bigint });
            command.Parameters.Add(new() { Value = key.Rule, NpgsqlDbType = NpgsqlDbType.Text });
            int n = command.Parameters.Count;
            sql.Append($" AND (start_time, vehicle_id, rule) < (${n - 2}, ${n - 1}, ${n})");
        }

        sql.Append($" ORDER BY start_time DESC, vehicle_id DESC, rule DESC LIMIT {limit + 1}");
        command.CommandText = sql.ToString();
        var items = new List<EpisodeRecord>(limit + 1);
        await using (var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                items.Add(EpisodeReader.Read(r));
            }
        }

        if (items.Count <= limit)
        {
            return new EpisodePage(items, null);
        }

        items.RemoveAt(limit);
        return new EpisodePage(items, items[^1].Key);
    }

    /// <summary>Daily counts for the Asia/Shanghai days [<paramref name="from"/>, <paramref name="to"/>] (inclusive), optionally one county's.</summary>
    public async Task<IReadOnlyList<DailyViolationCount>> DailyCountsAsync(DateOnly from, DateOnly to, int? countyId = null, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT day, county_id, carrier_id, rule, episodes FROM daily_violation_counts
            WHERE day BETWEEN $1 AND $2 AND ($3::integer IS NULL OR county_id = $3)
            ORDER BY day, county_id, carrier_id, rule
            """);
        command.Parameters.Add(new() { Value = from });
        command.Parameters.Add(new() { Value = to });
        command.Parameters.Add(new() { Value = (object?)countyId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer });
        var list = new List<DailyViolationCount>();
        await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(new DailyViolationCount(r.GetFieldValue<DateOnly>(0), r.GetInt32(1), r.GetInt64(2), r.GetString(3), r.GetInt64(4)));
        }

        return list;
    }
}

using Monitoring.Api.Access;
using Monitoring.Api.Contracts;
using Monitoring.Storage;
using NpgsqlTypes;

namespace Monitoring.Api.Data;

/// <summary>County centres' reports: the daily violation list, its summary, and daily counts for the overview; scoped in SQL.</summary>
sealed class ReportReader(ApiDatabase database, AlertReader alerts)
{
    /// <summary>The county's episodes that started on the Asia/Shanghai days [<paramref name="from"/>, <paramref name="to"/>], in start order.</summary>
    public async Task<IReadOnlyList<Alert>> ViolationsAsync(Caller caller, int countyId, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var list = new List<Alert>();
        var filter = new AlertFilter(ShanghaiTime.StartOf(from), ShanghaiTime.StartOf(to.AddDays(1))) { CountyId = countyId };
        // Pages of the scoped alert query, oldest last; the list wants start order.
        while (true)
        {
            var page = await alerts.ListAsync(caller, filter, 5000, cancellationToken).ConfigureAwait(false);
            list.AddRange(page.Items);
            if (page.Next is null || !Alerts.AlertId.TryParse(page.Next, out var next))
            {
                break;
            }

            filter = filter with { After = next };
        }

        list.Reverse();
        return list;
    }

    public async Task<ViolationSummary> SummaryAsync(Caller caller, int countyId, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var byRule = new List<RuleCount>();
        var sql = Counts(caller, from, to, countyId, "SELECT d.rule, sum(d.episodes)::bigint FROM daily_violation_counts d", " GROUP BY d.rule ORDER BY 2 DESC, d.rule");
        await using (var command = sql.Command(database.DataSource))
        await using (var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                byRule.Add(new RuleCount(r.GetString(0), r.GetInt64(1)));
            }
        }

        var byCarrier = new List<CarrierCount>();
        sql = Counts(caller, from, to, countyId,
            "SELECT d.carrier_id, coalesce(c.name, ''), sum(d.episodes)::bigint FROM daily_violation_counts d LEFT JOIN carriers c ON c.id = d.carrier_id",
            " GROUP BY d.carrier_id, c.name ORDER BY 3 DESC, d.carrier_id");
        await using (var command = sql.Command(database.DataSource))
        await using (var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                byCarrier.Add(new CarrierCount(r.GetInt64(0), r.GetString(1), r.GetInt64(2)));
            }
        }

        return new ViolationSummary(byRule, byCarrier);
    }

    /// <summary>Episodes per day and rule over the days [<paramref name="from"/>, <paramref name="to"/>] within scope.</summary>
    public async Task<IReadOnlyList<EpisodeStat>> DailyStatsAsync(Caller caller, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var sql = Counts(caller, from, to, null, "SELECT d.day, d.rule, sum(d.episodes)::bigint FROM daily_violation_counts d", " GROUP BY d.day, d.rule ORDER BY d.day, d.rule");
        var list = new List<EpisodeStat>();
        await using var command = sql.Command(database.DataSource);
        await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(new EpisodeStat(r.GetFieldValue<DateOnly>(0), r.GetString(1), r.GetInt64(2)));
        }

        return list;
    }

    static Sql Counts(Caller caller, DateOnly from, DateOnly to, int? countyId, string select, string tail)
    {
        var sql = new Sql(select);
        sql.Append($" WHERE d.day BETWEEN {sql.P(from, NpgsqlDbType.Date)} AND {sql.P(to, NpgsqlDbType.Date)} AND {caller.Condition(sql, "d.county_id", "d.carrier_id")}");
        if (countyId is { } county)
        {
            sql.Append($" AND d.county_id = {sql.P(county, NpgsqlDbType.Integer)}");
        }

        return sql.Append(tail);
    }
}

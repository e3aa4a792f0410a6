using Mediator;
using Monitoring.Api.Access;
using Monitoring.Api.Contracts;
using Monitoring.Api.Data;
using Monitoring.Storage;

namespace Monitoring.Api.Reports;

/// <summary>A county's violation list for the days [From, To]; null when the county is not within the caller's scope.</summary>
public sealed record CountyViolations(Caller Caller, int CountyId, DateOnly From, DateOnly To) : IQuery<CountyViolationList?>;

public sealed record CountyViolationList(County County, IReadOnlyList<Alert> Alerts);

/// <summary>A county's episodes by rule and carrier for the days [From, To]; null when the county is not within scope.</summary>
public sealed record CountySummary(Caller Caller, int CountyId, DateOnly From, DateOnly To) : IQuery<ViolationSummary?>;

/// <summary>Episodes per day and rule within scope (the overview chart).</summary>
public sealed record EpisodeStats(Caller Caller, DateOnly From, DateOnly To) : IQuery<IReadOnlyList<EpisodeStat>>;

sealed class ReportQueryHandlers(ReferenceReader reference, ReportReader reports)
    : IQueryHandler<CountyViolations, CountyViolationList?>, IQueryHandler<CountySummary, ViolationSummary?>, IQueryHandler<EpisodeStats, IReadOnlyList<EpisodeStat>>
{
    public async ValueTask<CountyViolationList?> Handle(CountyViolations query, CancellationToken cancellationToken)
    {
        var counties = await reference.CountiesAsync(query.Caller, query.CountyId, cancellationToken).ConfigureAwait(false);
        if (counties.Count == 0)
        {
            return null;
        }

        var alerts = await reports.ViolationsAsync(query.Caller, query.CountyId, query.From, query.To, cancellationToken).ConfigureAwait(false);
        return new CountyViolationList(counties[0], alerts);
    }

    public async ValueTask<ViolationSummary?> Handle(CountySummary query, CancellationToken cancellationToken)
    {
        var counties = await reference.CountiesAsync(query.Caller, query.CountyId, cancellationToken).ConfigureAwait(false);
        return counties.Count == 0 ? null : await reports.SummaryAsync(query.Caller, query.CountyId, query.From, query.To, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<IReadOnlyList<EpisodeStat>> Handle(EpisodeStats query, CancellationToken cancellationToken) =>
        await reports.DailyStatsAsync(query.Caller, query.From, query.To, cancellationToken).ConfigureAwait(false);
}

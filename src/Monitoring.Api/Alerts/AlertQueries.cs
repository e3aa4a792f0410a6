using Mediator;
using Monitoring.Api.Access;
using Monitoring.Api.Contracts;
using Monitoring.Api.Data;
using Monitoring.Storage;
using NpgsqlTypes;

namespace Monitoring.Api.Alerts;

/// <summary>A page of alerts within the caller's scope.</summary>
public sealed record ListAlerts(Caller Caller, AlertFilterInput Filter, int Limit) : IQuery<AlertPage>;

/// <summary>The list's filter as the API takes it (validated by the endpoint).</summary>
public sealed record AlertFilterInput(DateTime From, DateTime To, int? CountyId, long? CarrierId, string? Rule, short? MinSeverity, string? Handling,
    string? Plate, EpisodeKey? After);

/// <summary>One alert with vehicle, track and handling; null when not found or outside the scope.</summary>
public sealed record GetAlert(Caller Caller, EpisodeKey Key) : IQuery<AlertDetail?>;

sealed class AlertQueryHandlers(AlertReader alerts, VehicleReader vehicles, TimeProvider time) : IQueryHandler<ListAlerts, AlertPage>, IQueryHandler<GetAlert, AlertDetail?>
{
    /// <summary>Track shown around an episode: from this long before its start to this long after its end (or now).</summary>
    static readonly TimeSpan TrackMargin = TimeSpan.FromMinutes(10);

    /// <summary>Longest track in a detail (offline and fatigue episodes can last days).</summary>
    static readonly TimeSpan TrackLimit = TimeSpan.FromHours(12);

    public async ValueTask<AlertPage> Handle(ListAlerts query, CancellationToken cancellationToken)
    {
        var f = query.Filter;
        var filter = new AlertFilter(f.From, f.To)
        {
            CountyId = f.CountyId,
            CarrierId = f.CarrierId,
            Rule = f.Rule,
            MinSeverity = f.MinSeverity,
            Handling = f.Handling,
            Plate = f.Plate,
            After = f.After,
        };
        return await alerts.ListAsync(query.Caller, filter, query.Limit, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<AlertDetail?> Handle(GetAlert query, CancellationToken cancellationToken)
    {
        var alert = await alerts.FindAsync(query.Caller, query.Key, cancellationToken: cancellationToken).ConfigureAwait(false);
        return alert is null ? null : await DetailAsync(query.Caller, alert, cancellationToken).ConfigureAwait(false);
    }

    internal async Task<AlertDetail> DetailAsync(Caller caller, Alert alert, CancellationToken cancellationToken)
    {
        var key = new EpisodeKey(alert.VehicleId, alert.Rule, alert.Start);
        // The vehicle as it is now; if it has since moved out of the caller's scope, only what the episode already shows.
        var vehicle = await vehicles.FindAsync(caller, alert.VehicleId, cancellationToken).ConfigureAwait(false)
            ?? new Vehicle(alert.VehicleId, alert.Plate, alert.PlateColour, alert.PlateColourName, "", alert.CarrierId, alert.CarrierName, alert.CountyId,
                alert.CountyName, null, false, null);
        var from = alert.Start - TrackMargin;
        var to = (alert.End ?? time.GetUtcNow().UtcDateTime) + TrackMargin;
        if (to - from > TrackLimit)
        {
            to = from + TrackLimit;
        }

        var track = to > from
            ? await vehicles.TrackAsync(alert.VehicleId, from, to, EpisodeVisible(caller, key), cancellationToken).ConfigureAwait(false)
            : [];
        var handling = await alerts.HandlingAsync(key, cancellationToken).ConfigureAwait(false);
        return new AlertDetail(alert, vehicle, null, track, handling, HandlingStates.Allowed(alert.Handling), Warnings.Suggested(alert));
    }

    /// <summary>The track query's own scope check: the episode is the caller's.</summary>
    static Func<Sql, string> EpisodeVisible(Caller caller, EpisodeKey key) => sql =>
        $"""
        EXISTS (SELECT 1 FROM episodes e WHERE e.vehicle_id = {sql.P(key.VehicleId, NpgsqlDbType.Bigint)} AND e.rule = {sql.P(key.Rule, NpgsqlDbType.Text)}
            AND e.start_time = {sql.P(key.StartTime, NpgsqlDbType.TimestampTz)} AND {caller.Condition(sql, "e.county_id", "e.carrier_id")})
        """;
}

using Mediator;
using Monitoring.Api.Access;
using Monitoring.Api.Contracts;
using Monitoring.Api.Data;
using Monitoring.Storage;

namespace Monitoring.Api.Fleet;

public sealed record ListCounties(Caller Caller) : IQuery<IReadOnlyList<County>>;

public sealed record ListCarriers(Caller Caller, int? CountyId) : IQuery<IReadOnlyList<Carrier>>;

public sealed record ListVehicles(Caller Caller, int? CountyId, long? CarrierId, string? Plate, int Limit) : IQuery<IReadOnlyList<Vehicle>>;

/// <summary>Null when the vehicle does not exist or is outside the caller's scope.</summary>
public sealed record GetVehicle(Caller Caller, long Id) : IQuery<Vehicle?>;

/// <summary>Null when the vehicle does not exist or is outside the caller's scope.</summary>
public sealed record GetTrack(Caller Caller, long VehicleId, DateTime From, DateTime To) : IQuery<IReadOnlyList<PositionPoint>?>;

public sealed record GetFleetStatus(Caller Caller) : IQuery<IReadOnlyList<FleetStatusRow>>;

public sealed record GetAssessment(Caller Caller, AssessmentGrouping Grouping, DateOnly From, DateOnly To) : IQuery<IReadOnlyList<AssessmentRow>>;

sealed class FleetQueryHandlers(ReferenceReader reference, VehicleReader vehicles, FleetReader fleet) :
    IQueryHandler<ListCounties, IReadOnlyList<County>>,
    IQueryHandler<ListCarriers, IReadOnlyList<Carrier>>,
    IQueryHandler<ListVehicles, IReadOnlyList<Vehicle>>,
    IQueryHandler<GetVehicle, Vehicle?>,
    IQueryHandler<GetTrack, IReadOnlyList<PositionPoint>?>,
    IQueryHandler<GetFleetStatus, IReadOnlyList<FleetStatusRow>>,
    IQueryHandler<GetAssessment, IReadOnlyList<AssessmentRow>>
{
    public async ValueTask<IReadOnlyList<County>> Handle(ListCounties query, CancellationToken cancellationToken) =>
        await reference.CountiesAsync(query.Caller, null, cancellationToken).ConfigureAwait(false);

    public async ValueTask<IReadOnlyList<Carrier>> Handle(ListCarriers query, CancellationToken cancellationToken) =>
        await reference.CarriersAsync(query.Caller, query.CountyId, null, cancellationToken).ConfigureAwait(false);

    public async ValueTask<IReadOnlyList<Vehicle>> Handle(ListVehicles query, CancellationToken cancellationToken) =>
        await vehicles.ListAsync(query.Caller, query.CountyId, query.CarrierId, query.Plate, query.Limit, cancellationToken).ConfigureAwait(false);

    public async ValueTask<Vehicle?> Handle(GetVehicle query, CancellationToken cancellationToken) =>
        await vehicles.FindAsync(query.Caller, query.Id, cancellationToken).ConfigureAwait(false);

    public async ValueTask<IReadOnlyList<PositionPoint>?> Handle(GetTrack query, CancellationToken cancellationToken)
    {
        if (await vehicles.FindAsync(query.Caller, query.VehicleId, cancellationToken).ConfigureAwait(false) is null)
        {
            return null;
        }

        return await vehicles.TrackAsync(query.VehicleId, query.From, query.To, VehicleReader.VehicleVisible(query.Caller, query.VehicleId), cancellationToken)
            .ConfigureAwait(false);
    }

    public async ValueTask<IReadOnlyList<FleetStatusRow>> Handle(GetFleetStatus query, CancellationToken cancellationToken) =>
        await fleet.StatusAsync(query.Caller, cancellationToken).ConfigureAwait(false);

    public async ValueTask<IReadOnlyList<AssessmentRow>> Handle(GetAssessment query, CancellationToken cancellationToken) =>
        await fleet.AssessmentAsync(query.Caller, query.Grouping, query.From, query.To, cancellationToken).ConfigureAwait(false);
}

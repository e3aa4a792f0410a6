using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Monitoring.Api.Access;
using Monitoring.Api.Contracts;
using Monitoring.Api.Fleet;
using Monitoring.Api.Reports;
using Monitoring.Storage;

namespace Monitoring.Api.Endpoints;

/// <summary>The caller, reference lists, vehicles and tracks, fleet status, episode counts and assessment rates.</summary>
static class FleetEndpoints
{
    public static void MapFleet(this RouteGroupBuilder api)
    {
        api.MapGet("/me", (Caller caller) => TypedResults.Ok(new Me(caller.User, caller.RoleName, caller.CountyId, caller.CarrierId)))
            .WithTags("Access").WithName("Me").WithSummary("Who the key speaks for: user, role and scope.").Produces<Me>();
        api.MapGet("/counties", async (Caller caller, IMediator mediator, CancellationToken ct) => TypedResults.Ok(await mediator.Send(new ListCounties(caller), ct)))
            .WithTags("Reference").WithName("ListCounties").WithSummary("Counties within scope (a carrier key: its carrier's county).").Produces<County[]>();
        api.MapGet("/carriers", async (Caller caller, IMediator mediator, int? county, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ListCarriers(caller, county), ct)))
            .WithTags("Reference").WithName("ListCarriers").WithSummary("Carriers within scope, optionally of one county.").Produces<Carrier[]>();

        var vehicles = api.MapGroup("/vehicles").WithTags("Fleet");
        vehicles.MapGet("/", ListVehiclesAsync).WithName("ListVehicles")
            .WithSummary("Vehicles within scope with their last fix and online flag; filters county, carrier, part of the plate.")
            .Produces<Vehicle[]>().ProducesValidationProblem();
        vehicles.MapGet("/{id:long}", async (Caller caller, IMediator mediator, long id, CancellationToken ct) =>
                await mediator.Send(new GetVehicle(caller, id), ct) is { } v ? TypedResults.Ok(v) : Problems.NotFound("Vehicle"))
            .WithName("GetVehicle").WithSummary("One vehicle with its last fix.").Produces<Vehicle>().ProducesProblem(StatusCodes.Status404NotFound);
        vehicles.MapGet("/{id:long}/track", TrackAsync).WithName("GetTrack")
            .WithSummary("The vehicle's GNSS-valid fixes with device time in [from, to) (ISO 8601 with zone, at most 3 days), in time order.")
            .Produces<PositionPoint[]>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/fleet/status", async (Caller caller, IMediator mediator, CancellationToken ct) => TypedResults.Ok(await mediator.Send(new GetFleetStatus(caller), ct)))
            .WithTags("Fleet").WithName("FleetStatus")
            .WithSummary("Per county: vehicles within scope, online (last fix received within Monitoring:Api:OnlineWindow), offline, never reported.")
            .Produces<FleetStatusRow[]>();
        api.MapGet("/stats/episodes", EpisodeStatsAsync).WithTags("Fleet").WithName("EpisodeStats")
            .WithSummary("Episodes per Asia/Shanghai day and rule over the last `days` days (1–90, default 7), within scope.")
            .Produces<EpisodeStat[]>().ProducesValidationProblem();
        api.MapGet("/assessment", AssessmentAsync).WithTags("Fleet").WithName("Assessment")
            .WithSummary("Assessment rates (online, track completeness, data qualified, drift) per county or carrier over Asia/Shanghai days from–to (default the last 7), vehicles within scope.")
            .Produces<AssessmentRow[]>().ProducesValidationProblem();
    }

    static async Task<IResult> ListVehiclesAsync(Caller caller, IMediator mediator, int? county, long? carrier, string? plate, int? limit, CancellationToken ct)
    {
        var input = new Input();
        input.Range("limit", limit, 1, 20_000);
        if (plate is { Length: 0 or > 20 })
        {
            input.Error("plate", "must be 1 to 20 characters.");
        }

        return input.Valid ? TypedResults.Ok(await mediator.Send(new ListVehicles(caller, county, carrier, plate, limit ?? 5000), ct)) : input.Problem();
    }

    static async Task<IResult> TrackAsync(Caller caller, IMediator mediator, TimeProvider time, long id, string? from, string? to, CancellationToken ct)
    {
        var input = new Input();
        var now = time.GetUtcNow().UtcDateTime;
        var t = input.Instant("to", to) ?? now;
        var f = input.Instant("from", from) ?? t.AddHours(-1);
        if (t <= f)
        {
            input.Error("to", "must be after from.");
        }
        else if (t - f > TimeSpan.FromDays(3))
        {
            input.Error("to", "the range is longer than 3 days.");
        }

        if (!input.Valid)
        {
            return input.Problem();
        }

        return await mediator.Send(new GetTrack(caller, id, f, t), ct) is { } track ? TypedResults.Ok(track) : Problems.NotFound("Vehicle");
    }

    static async Task<IResult> EpisodeStatsAsync(Caller caller, IMediator mediator, TimeProvider time, int? days, CancellationToken ct)
    {
        var input = new Input();
        input.Range("days", days, 1, 90);
        if (!input.Valid)
        {
            return input.Problem();
        }

        var today = ShanghaiTime.DayOf(time.GetUtcNow().UtcDateTime);
        return TypedResults.Ok(await mediator.Send(new EpisodeStats(caller, today.AddDays(1 - (days ?? 7)), today), ct));
    }

    static async Task<IResult> AssessmentAsync(Caller caller, IMediator mediator, TimeProvider time, string? group, string? from, string? to, CancellationToken ct)
    {
        var input = new Input();
        var grouping = AssessmentGrouping.County;
        switch (group?.ToLowerInvariant())
        {
            case null or "county":
                break;
            case "carrier":
                grouping = AssessmentGrouping.Carrier;
                break;
            default:
                input.Error("group", "must be county or carrier.");
                break;
        }

        var today = ShanghaiTime.DayOf(time.GetUtcNow().UtcDateTime);
        var (f, t) = from is null && to is null ? (today.AddDays(-6), today) : input.Days(null, from, to, 93, today);
        if (!input.Valid)
        {
            return input.Problem();
        }

        return TypedResults.Ok(await mediator.Send(new GetAssessment(caller, grouping, f, t), ct));
    }
}

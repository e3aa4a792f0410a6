using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Monitoring.Api.Access;
using Monitoring.Api.Alerts;
using Monitoring.Api.Contracts;
using Monitoring.Api.Data;
using Monitoring.Api.Downlink;
using Monitoring.Api.Live;

namespace Monitoring.Api.Endpoints;

/// <summary>Alerts: list, live stream, detail, handling.</summary>
static class AlertEndpoints
{
    const int MaxRangeDays = 366;

    public static void MapAlerts(this RouteGroupBuilder api)
    {
        var alerts = api.MapGroup("/alerts").WithTags("Alerts");
        alerts.MapGet("/", ListAsync)
            .WithName("ListAlerts")
            .WithSummary("Alerts within the key's scope, newest first, with filters and keyset paging.")
            .WithDescription("from/to (ISO 8601 with zone) bound the episode start and default to the last 24 hours. Filters narrow the key's scope; a filter outside it finds nothing. Pass `next` of a page as `cursor` for the following page.")
            .Produces<AlertPage>().ProducesValidationProblem();
        alerts.MapGet("/stream", StreamAsync)
            .WithName("StreamAlerts")
            .WithSummary("Live alert events as Server-Sent Events (opened, escalated, closed).")
            .WithDescription("`id:` is the alert event id, `event:` the transition, `data:` the Alert. Send the last id seen as the Last-Event-ID header (or `?lastEventId=`) to get what was missed first. Late (back-filled) episodes are not sent. Browsers may pass the key as `?key=`.")
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream").ProducesValidationProblem();
        alerts.MapGet("/{id}", GetAsync)
            .WithName("GetAlert")
            .WithSummary("An alert with its vehicle, track around the episode, handling steps, allowed actions and a suggested warning.")
            .Produces<AlertDetail>().ProducesProblem(StatusCodes.Status404NotFound);
        alerts.MapPost("/{id}/handling", HandleAsync)
            .WithName("HandleAlert")
            .WithSummary("A handling step: verify, warn (sends a 0x8300 TTS text to the terminal), close, or dismiss (with the reason as note).")
            .WithDescription("new → verify → verifying → warn → driver_warned → close → closed; close also from verifying; dismiss from new or verifying; warn again from driver_warned. A terminal alarm that JT/T 808 lets the platform confirm (emergency …) gets its 0x8203 confirmation on the first step. 409 when the action is not allowed now or the vehicle has no terminal; 503 when the MQTT downlink did not take the message (nothing is recorded then).")
            .Accepts<HandlingRequest>("application/json")
            .Produces<AlertDetail>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
    }

    static async Task<IResult> ListAsync(Caller caller, IMediator mediator, TimeProvider time, string? from, string? to, int? county, long? carrier,
        string? rule, short? minSeverity, string? handling, string? plate, string? cursor, int? limit, CancellationToken cancellationToken)
    {
        var input = new Input();
        var now = time.GetUtcNow().UtcDateTime;
        var f = input.Instant("from", from);
        var t = input.Instant("to", to) ?? (f is { } start && start.AddDays(1) < now ? start.AddDays(1) : now.AddMinutes(1));
        f ??= t.AddDays(-1);
        if (t <= f)
        {
            input.Error("to", "must be after from.");
        }
        else if (t - f > TimeSpan.FromDays(MaxRangeDays))
        {
            input.Error("to", $"the range is longer than {MaxRangeDays} days.");
        }

        Filters(input, rule, minSeverity);
        if (handling is not null && !HandlingStates.All.Contains(handling))
        {
            input.Error("handling", $"'{handling}' is not a handling state ({string.Join(", ", HandlingStates.All)}).");
        }

        if (plate is { Length: 0 or > 20 })
        {
            input.Error("plate", "must be 1 to 20 characters.");
        }

        Storage.EpisodeKey? after = null;
        if (cursor is not null)
        {
            if (AlertId.TryParse(cursor, out var key))
            {
                after = key;
            }
            else
            {
                input.Error("cursor", "is not a cursor from a previous page's 'next'.");
            }
        }

        input.Range("limit", limit, 1, 500);
        if (!input.Valid)
        {
            return input.Problem();
        }

        var filter = new AlertFilterInput(f.Value, t, county, carrier, rule, minSeverity, handling, plate, after);
        return TypedResults.Ok(await mediator.Send(new ListAlerts(caller, filter, limit ?? 50), cancellationToken));
    }

    static async Task<IResult> GetAsync(Caller caller, IMediator mediator, string id, CancellationToken cancellationToken)
    {
        if (!AlertId.TryParse(id, out var key))
        {
            return Problems.NotFound("Alert");
        }

        return await mediator.Send(new GetAlert(caller, key), cancellationToken) is { } detail ? TypedResults.Ok(detail) : Problems.NotFound("Alert");
    }

    static async Task<IResult> HandleAsync(Caller caller, IMediator mediator, string id, HandlingRequest request, CancellationToken cancellationToken)
    {
        if (!AlertId.TryParse(id, out var key))
        {
            return Problems.NotFound("Alert");
        }

        var input = new Input();
        string? action = request.Action?.Trim();
        if (action is null || !HandlingStates.Actions.Contains(action))
        {
            input.Error("action", $"must be one of {string.Join(", ", HandlingStates.Actions)}.");
        }

        string? note = string.IsNullOrWhiteSpace(request.Note) ? null : request.Note.Trim();
        if (note is { Length: > 1000 })
        {
            input.Error("note", "is longer than 1000 characters.");
        }

        if (action == HandlingStates.Dismiss && note is null)
        {
            input.Error("note", "dismiss needs the reason the alert is false, as note.");
        }

        string? text = request.Text?.Trim();
        if (text is not null && action != HandlingStates.Warn)
        {
            input.Error("text", "only warn sends a text.");
        }
        else if (text is not null && (text.Length == 0 || !DownlinkFrames.TextFits(text)))
        {
            input.Error("text", "must be non-empty and fit one 0x8300 message (1021 GBK bytes, about 500 Chinese characters).");
        }

        if (!input.Valid)
        {
            return input.Problem();
        }

        var outcome = await mediator.Send(new HandleAlert(caller, key, action!, note, text), cancellationToken);
        return outcome.Result switch
        {
            HandlingResult.Done => TypedResults.Ok(outcome.Detail),
            HandlingResult.NotFound => Problems.NotFound("Alert"),
            HandlingResult.NotAllowed => Problems.Conflict("The action is not allowed now.", outcome.Message),
            HandlingResult.NoTerminal => Problems.Conflict("The vehicle has no terminal.", outcome.Message),
            _ => Problems.Unavailable("The warning could not be sent.", outcome.Message),
        };
    }

    static async Task StreamAsync(HttpContext context, Caller caller, int? county, long? carrier, string? rule, short? minSeverity, string? lastEventId,
        AlertStreamSubscribers subscribers, AlertReader alerts, ApiDatabase database, ApiOptions options, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, TimeProvider time)
    {
        var input = new Input();
        Filters(input, rule, minSeverity);
        string? resume = context.Request.Headers["Last-Event-ID"].FirstOrDefault() ?? lastEventId;
        long? after = null;
        if (!string.IsNullOrWhiteSpace(resume))
        {
            if (long.TryParse(resume, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long id))
            {
                after = id;
            }
            else
            {
                input.Error("lastEventId", $"'{resume}' is not an event id.");
            }
        }

        if (!input.Valid)
        {
            await input.Problem().ExecuteAsync(context);
            return;
        }

        var filter = new StreamFilter(caller, county, carrier, rule, minSeverity);
        await AlertStreamEndpoint.RunAsync(context, caller, filter, after, subscribers, alerts, database, options, json, time);
    }

    static void Filters(Input input, string? rule, short? minSeverity)
    {
        if (rule is { Length: 0 or > 64 })
        {
            input.Error("rule", "must be 1 to 64 characters (overspeed, night_overspeed, night_ban, fatigue_continuous, fatigue_cumulative, offline, terminal_alarm[:name]).");
        }

        input.Range("minSeverity", minSeverity, 1, 5);
    }
}

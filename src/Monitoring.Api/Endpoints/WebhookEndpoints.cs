using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Monitoring.Api.Access;
using Monitoring.Api.Webhooks;
using Monitoring.Storage;

namespace Monitoring.Api.Endpoints;

/// <summary>Carriers' webhook subscriptions and delivery log (the deliveries themselves: Monitoring.Alerts' WebhookRelay).</summary>
static class WebhookEndpoints
{
    public static void MapWebhooks(this RouteGroupBuilder api)
    {
        var hooks = api.MapGroup("/carriers/{id:long}/webhooks").WithTags("Webhooks");
        hooks.MapGet("/", async (Caller caller, IMediator mediator, long id, CancellationToken ct) =>
                await mediator.Send(new ListWebhooks(caller, id), ct) is { } list ? TypedResults.Ok(list) : Problems.NotFound("Carrier"))
            .WithName("ListWebhooks").WithSummary("The carrier's webhook subscriptions (without their secrets).")
            .Produces<Webhook[]>().ProducesProblem(StatusCodes.Status404NotFound);
        hooks.MapPost("/", CreateAsync)
            .WithName("CreateWebhook")
            .WithSummary("Subscribes a URL to the carrier's alert events. Each is POSTed as JSON with X-Monitoring-Signature: sha256=<hex HMAC-SHA256 of the body with the secret>.")
            .WithDescription("Without `secret` the API makes one. The secret is shown in this answer only.")
            .Accepts<WebhookRequest>("application/json")
            .Produces<Webhook>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        hooks.MapDelete("/{subscriptionId:long}", async (Caller caller, IMediator mediator, long id, long subscriptionId, CancellationToken ct) =>
                await mediator.Send(new DeleteWebhook(caller, id, subscriptionId), ct) ? TypedResults.NoContent() : Problems.NotFound("Subscription"))
            .WithName("DeleteWebhook").WithSummary("Deletes a subscription and what it still had to deliver.")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);
        hooks.MapGet("/deliveries", DeliveriesAsync)
            .WithName("ListWebhookDeliveries").WithSummary("The carrier's delivery attempts, newest first (limit 1–1000, default 100).")
            .Produces<WebhookDelivery[]>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
    }

    static async Task<IResult> CreateAsync(Caller caller, IMediator mediator, long id, WebhookRequest request, CancellationToken ct)
    {
        var input = new Input();
        try
        {
            WebhookStore.ValidateUrl(request.Url);
        }
        catch (ArgumentException e)
        {
            input.Error("url", e.Message.Split(" (Parameter")[0]);
        }

        if (request.Secret is { } secret && (secret.Length < 16 || secret.Length > 200))
        {
            input.Error("secret", "must be 16 to 200 characters (or left out: the API then makes one).");
        }

        if (!input.Valid)
        {
            return input.Problem();
        }

        var created = await mediator.Send(new CreateWebhook(caller, id, request.Url!, request.Secret), ct);
        return created is null ? Problems.NotFound("Carrier") : TypedResults.Created($"/api/carriers/{id}/webhooks/{created.Id}", created);
    }

    static async Task<IResult> DeliveriesAsync(Caller caller, IMediator mediator, long id, int? limit, CancellationToken ct)
    {
        var input = new Input();
        input.Range("limit", limit, 1, WebhookStore.MaxDeliveries);
        if (!input.Valid)
        {
            return input.Problem();
        }

        return await mediator.Send(new ListDeliveries(caller, id, limit ?? 100), ct) is { } list ? TypedResults.Ok(list) : Problems.NotFound("Carrier");
    }
}

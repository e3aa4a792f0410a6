using System.Security.Cryptography;
using Mediator;
using Monitoring.Api.Access;
using Monitoring.Api.Data;
using Monitoring.Storage;

namespace Monitoring.Api.Webhooks;

/// <summary>A subscription as the API shows it; <see cref="Secret"/> only in the answer that created it.</summary>
public sealed record Webhook(long Id, long CarrierId, string Url, bool Active, DateTime CreatedAt, string? Secret);

/// <summary>Body of <c>POST /api/carriers/{id}/webhooks</c>; without a secret the API makes one.</summary>
public sealed record WebhookRequest(string? Url, string? Secret);

/// <summary>The carrier's subscriptions; null when the carrier is not within the caller's scope.</summary>
public sealed record ListWebhooks(Caller Caller, long CarrierId) : IQuery<IReadOnlyList<Webhook>?>;

/// <summary>Null when the carrier is not within the caller's scope.</summary>
public sealed record CreateWebhook(Caller Caller, long CarrierId, string Url, string? Secret) : ICommand<Webhook?>;

/// <summary>False when the carrier is not within scope or has no such subscription.</summary>
public sealed record DeleteWebhook(Caller Caller, long CarrierId, long SubscriptionId) : ICommand<bool>;

/// <summary>The carrier's delivery log, newest first; null when the carrier is not within scope.</summary>
public sealed record ListDeliveries(Caller Caller, long CarrierId, int Limit) : IQuery<IReadOnlyList<WebhookDelivery>?>;

/// <summary>
/// Webhook subscriptions on <see cref="WebhookStore"/> (whose every call is bound to one carrier), after a scoped
/// look-up of the carrier: a carrier key reaches only its own, a county key its county's carriers, center all.
/// </summary>
sealed class WebhookHandlers(ApiDatabase database, ReferenceReader reference) :
    IQueryHandler<ListWebhooks, IReadOnlyList<Webhook>?>,
    ICommandHandler<CreateWebhook, Webhook?>,
    ICommandHandler<DeleteWebhook, bool>,
    IQueryHandler<ListDeliveries, IReadOnlyList<WebhookDelivery>?>
{
    readonly WebhookStore _store = new(database.DataSource);

    public async ValueTask<IReadOnlyList<Webhook>?> Handle(ListWebhooks query, CancellationToken cancellationToken)
    {
        if (!await VisibleAsync(query.Caller, query.CarrierId, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var list = await _store.ListAsync(query.CarrierId, cancellationToken).ConfigureAwait(false);
        return [.. list.Select(s => new Webhook(s.Id, s.CarrierId, s.Url, s.Active, s.CreatedAt, null))];
    }

    public async ValueTask<Webhook?> Handle(CreateWebhook command, CancellationToken cancellationToken)
    {
        if (!await VisibleAsync(command.Caller, command.CarrierId, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        string secret = command.Secret ?? "whsec_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var s = await _store.CreateAsync(command.CarrierId, command.Url, secret, cancellationToken).ConfigureAwait(false);
        return new Webhook(s.Id, s.CarrierId, s.Url, s.Active, s.CreatedAt, s.Secret);
    }

    public async ValueTask<bool> Handle(DeleteWebhook command, CancellationToken cancellationToken) =>
        await VisibleAsync(command.Caller, command.CarrierId, cancellationToken).ConfigureAwait(false)
        && await _store.DeleteAsync(command.CarrierId, command.SubscriptionId, cancellationToken).ConfigureAwait(false);

    public async ValueTask<IReadOnlyList<WebhookDelivery>?> Handle(ListDeliveries query, CancellationToken cancellationToken) =>
        await VisibleAsync(query.Caller, query.CarrierId, cancellationToken).ConfigureAwait(false)
            ? await _store.DeliveriesAsync(query.CarrierId, query.Limit, cancellationToken).ConfigureAwait(false)
            : null;

    async Task<bool> VisibleAsync(Caller caller, long carrierId, CancellationToken cancellationToken) =>
        (await reference.CarriersAsync(caller, null, carrierId, cancellationToken).ConfigureAwait(false)).Count > 0;
}

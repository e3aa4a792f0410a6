namespace Monitoring.Storage;

/// <summary>
/// An outbox row claimed by <see cref="WebhookOutbox.ClaimDueAsync"/>: one event for one subscription, leased to
/// the claiming relay. <see cref="Attempts"/> = attempts made before this one.
/// </summary>
public sealed record WebhookDispatch(long OutboxId, long SubscriptionId, long CarrierId, string Url, string Secret, int Attempts,
    AlertEventDetail Alert);

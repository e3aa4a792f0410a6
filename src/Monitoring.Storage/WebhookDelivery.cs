namespace Monitoring.Storage;

/// <summary>
/// One attempt to deliver an alert event to a subscription: the HTTP status the receiver answered, or the
/// transport error (timeout, refused connection) when it answered nothing. <see cref="Attempt"/> counts from 1 per
/// (subscription, event); <see cref="Delivered"/> = the receiver answered 2xx.
/// </summary>
public sealed record WebhookDelivery(long Id, long SubscriptionId, long EventId, int Attempt, DateTime AttemptedAt,
    int? StatusCode, string? Error, bool Delivered);

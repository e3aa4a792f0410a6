namespace Monitoring.Storage;

/// <summary>A carrier's HTTP receiver of alert events (<see cref="WebhookStore"/>). <see cref="Secret"/> keys the
/// HMAC-SHA256 signature of every body.</summary>
public sealed record WebhookSubscription(long Id, long CarrierId, string Url, string Secret, bool Active, DateTime CreatedAt);

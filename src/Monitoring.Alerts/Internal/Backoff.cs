namespace Monitoring.Alerts.Internal;

/// <summary>Exponential backoff with jitter: <c>first × 2^(attempt−1)</c>, capped at <c>max</c>, then spread by
/// ±<c>jitter</c> (a fraction) so that many waiting rows or clients do not all retry at the same instant.</summary>
static class Backoff
{
    public static TimeSpan Delay(int attempt, TimeSpan first, TimeSpan max, double jitter, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        double seconds = first.TotalSeconds * Math.Pow(2, Math.Min(attempt - 1, 30));
        seconds = Math.Min(seconds, max.TotalSeconds);
        seconds *= 1 + jitter * (2 * random.NextDouble() - 1);
        return TimeSpan.FromSeconds(Math.Max(seconds, 0));
    }
}

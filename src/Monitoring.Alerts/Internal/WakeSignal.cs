namespace Monitoring.Alerts.Internal;

/// <summary>
/// A loop's wake-up: <see cref="Set"/> from any thread ends the current or the next <see cref="WaitAsync"/> early.
/// A wake that comes while the loop works is kept, so the loop goes round once more instead of missing it.
/// </summary>
sealed class WakeSignal
{
    TaskCompletionSource _next = New();

    public void Set() => Volatile.Read(ref _next).TrySetResult();

    /// <summary>Waits for a wake or for <paramref name="timeout"/> (on <paramref name="time"/>), then re-arms.</summary>
    public async Task WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        var current = Volatile.Read(ref _next);
        try
        {
            await current.Task.WaitAsync(timeout, time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // The poll interval passed without a wake: go round anyway (notifications can be lost).
        }

        Interlocked.CompareExchange(ref _next, New(), current);
    }

    static TaskCompletionSource New() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}

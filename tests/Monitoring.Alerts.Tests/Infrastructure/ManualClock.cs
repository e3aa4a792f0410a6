namespace Monitoring.Alerts.Tests.Infrastructure;

/// <summary>A clock the test moves by hand (timers still run on real time: only "now" is manual).</summary>
sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    long _ticks = start.UtcTicks;

    public DateTime UtcNow => new(Interlocked.Read(ref _ticks), DateTimeKind.Utc);

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}

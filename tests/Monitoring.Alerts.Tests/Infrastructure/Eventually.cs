namespace Monitoring.Alerts.Tests.Infrastructure;

/// <summary>Waits for a condition that background work makes true. The deadline only turns a hang into a
/// failure with a message; nothing is asserted about how long it took.</summary>
static class Eventually
{
    static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    public static async Task TrueAsync(Func<Task<bool>> condition, string what)
    {
        var until = DateTime.UtcNow + Deadline;
        while (!await condition())
        {
            if (DateTime.UtcNow > until)
            {
                Assert.Fail($"Still not true after {Deadline.TotalSeconds:0} s: {what}");
            }

            await Task.Delay(20);
        }
    }

    public static Task TrueAsync(Func<bool> condition, string what) => TrueAsync(() => Task.FromResult(condition()), what);
}

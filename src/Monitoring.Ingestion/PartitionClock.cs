namespace Monitoring.Ingestion;

/// <summary>
/// The "now" a partition's engine is advanced to (Unix seconds), or <see cref="long.MinValue"/> for "not yet".
/// <para>Device mode: the newest device time seen, less a lag (replays and accelerated simulations).</para>
/// <para>Wall mode: the server's clock, but not while fixes are still arriving and the newest of them is older than
/// that: after an outage of the service or the broker the partition drains a backlog, and its vehicles are only as
/// silent as that backlog says. Judged against the wall clock, every vehicle of the backlog would look offline for
/// the length of the outage, and a false offline episode would open for each. A partition that has had no fix for <c>grace</c> has no backlog, and
/// runs on the wall clock (that is how a partition whose vehicles all went offline still sees them go).</para>
/// </summary>
public static class PartitionClock
{
    /// <param name="wall">The server's clock.</param>
    /// <param name="newestDeviceTime">Newest device time evaluated in the partition since start, or <see cref="long.MinValue"/>.</param>
    /// <param name="sinceLastFix">Time since the partition's last fix reached its worker (or since the worker started).</param>
    public static long Now(EngineClockMode mode, long wall, long newestDeviceTime, TimeSpan sinceLastFix, TimeSpan grace, TimeSpan deviceLag)
    {
        if (mode == EngineClockMode.Device)
        {
            return newestDeviceTime == long.MinValue ? long.MinValue : newestDeviceTime - (long)deviceLag.TotalSeconds;
        }

        if (sinceLastFix >= grace)
        {
            return wall;
        }

        // Fixes are flowing (or the service has just started and the broker may be about to deliver a backlog).
        return newestDeviceTime == long.MinValue ? long.MinValue : Math.Min(wall, newestDeviceTime + (long)grace.TotalSeconds);
    }
}

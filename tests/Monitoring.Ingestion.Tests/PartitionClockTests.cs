using Monitoring.Ingestion;
using Monitoring.Rules;

namespace Monitoring.Ingestion.Tests;

/// <summary>
/// The wall clock after an outage: the broker kept the terminals' fixes while the service was down, and the service
/// drains that backlog after it restarts. The engine must judge the backlog by its own time.
/// </summary>
public sealed class PartitionClockTests
{
    static readonly TimeSpan Grace = TimeSpan.FromSeconds(60);
    static readonly TimeSpan Lag = TimeSpan.FromMinutes(5);

    // 2026-03-02 06:00 Beijing: daytime, so only fatigue and offline can fire for a coach at 60 km/h.
    const long Start = 1772402400;
    const int Interval = 15;

    [Fact]
    public void Wall_clock_follows_the_newest_fix_while_fixes_arrive()
    {
        long wall = Start + 3600;
        Assert.Equal(Start + 60, PartitionClock.Now(EngineClockMode.Wall, wall, Start, TimeSpan.Zero, Grace, Lag));
        Assert.Equal(wall, PartitionClock.Now(EngineClockMode.Wall, wall, wall - 5, TimeSpan.FromSeconds(2), Grace, Lag));
    }

    [Fact]
    public void Wall_clock_runs_free_once_the_partition_is_silent()
    {
        long wall = Start + 3600;
        Assert.Equal(wall, PartitionClock.Now(EngineClockMode.Wall, wall, Start, Grace, Grace, Lag));
        Assert.Equal(wall, PartitionClock.Now(EngineClockMode.Wall, wall, long.MinValue, TimeSpan.FromMinutes(5), Grace, Lag));
    }

    [Fact]
    public void Nothing_moves_the_clock_just_after_start_before_the_backlog_arrives()
    {
        Assert.Equal(long.MinValue, PartitionClock.Now(EngineClockMode.Wall, Start, long.MinValue, TimeSpan.FromSeconds(1), Grace, Lag));
    }

    [Fact]
    public void A_device_time_from_the_future_does_not_move_the_wall_clock_ahead()
    {
        Assert.Equal(Start, PartitionClock.Now(EngineClockMode.Wall, Start, Start + 86_400, TimeSpan.Zero, Grace, Lag));
    }

    [Fact]
    public void Device_clock_trails_the_newest_fix()
    {
        Assert.Equal(Start - 300, PartitionClock.Now(EngineClockMode.Device, Start + 99_999, Start, TimeSpan.FromHours(1), Grace, Lag));
        Assert.Equal(long.MinValue, PartitionClock.Now(EngineClockMode.Device, Start, long.MinValue, TimeSpan.Zero, Grace, Lag));
    }

    [Fact]
    public void A_backlog_after_a_30_minute_outage_opens_no_offline_episode_and_keeps_the_fatigue_count()
    {
        var events = Drive(naiveWallClock: false);
        Assert.DoesNotContain(events, e => e.Rule == RuleKind.Offline);

        // 3 h 50 min before the outage and 30 min during it: the 4-hour limit is crossed inside the backlog.
        Assert.Contains(events, e => e.Rule == RuleKind.FatigueContinuous && e.Transition == EpisodeTransition.Escalated);
    }

    [Fact]
    public void The_same_backlog_judged_against_the_plain_wall_clock_opens_a_false_offline_episode()
    {
        // The scenario exercises the fault: without the partition clock the outage reads as silence.
        var events = Drive(naiveWallClock: true);
        Assert.Contains(events, e => e.Rule == RuleKind.Offline && e.Transition == EpisodeTransition.Opened);
    }

    /// <summary>
    /// A coach drives from 06:00 for 4 h 20 min, reporting every 15 s. The service is down from 09:50 to 10:20 (wall);
    /// then it drains the 30 minutes the broker kept at 2 fixes per second, ticking its clock every second as the service
    /// does, and goes on live for 10 minutes.
    /// </summary>
    static List<EpisodeEvent> Drive(bool naiveWallClock)
    {
        var engine = new RuleEngine(RuleProfile.Default, [new Vehicle("1", "湘N00001", VehicleClass.LineCoach, false, 100, "7", "431202")]);
        var buffer = new EpisodeBuffer(64);
        var all = new List<EpisodeEvent>();
        long newest = long.MinValue;

        void Fix(long t)
        {
            engine.Process(new Fix(0, t, 27_550_000 + (int)((t - Start) / 10), 110_000_000, 600, 90, accOn: true, gnssValid: true), buffer);
            newest = Math.Max(newest, t);
            Collect();
        }

        void Tick(long wall)
        {
            long now = naiveWallClock ? wall : PartitionClock.Now(EngineClockMode.Wall, wall, newest, TimeSpan.Zero, Grace, Lag);
            if (now != long.MinValue)
            {
                engine.AdvanceClock(now, buffer);
                Collect();
            }
        }

        void Collect()
        {
            all.AddRange(buffer.Events.ToArray());
            buffer.Clear();
        }

        long outageStart = Start + (3 * 3600) + (50 * 60);
        long outageEnd = outageStart + (30 * 60);

        // Live until the outage: wall time = device time.
        for (long t = Start; t < outageStart; t += Interval)
        {
            Fix(t);
            Tick(t);
        }

        // Restart: a new worker has seen no fix yet (newest unknown) when the backlog starts to arrive.
        newest = long.MinValue;
        long wallNow = outageEnd;
        long backlog = outageStart;
        while (backlog < outageEnd)
        {
            for (int i = 0; i < 2 && backlog < outageEnd; i++, backlog += Interval)
            {
                Fix(backlog);
            }

            Tick(wallNow++);
        }

        // Caught up: live again.
        for (long t = Math.Max(backlog, wallNow); t < outageEnd + 600; t += Interval)
        {
            Fix(t);
            Tick(t);
        }

        return all;
    }
}

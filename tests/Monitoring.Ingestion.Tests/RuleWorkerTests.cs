using System.Threading.Channels;
using Microsoft.Extensions.Logging.Abstractions;
using Monitoring.Ingestion;
using Monitoring.Rules;

namespace Monitoring.Ingestion.Tests;

public sealed class RuleWorkerTests
{
    static readonly TimeSpan Grace = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Regression: a terminal sending 3 h 45 min of fixes within two seconds (a backlog) on the wall clock. The engine's
    /// own future check measured the fixes against its clock, which trails the backlog on purpose, and dropped them,
    /// while the partition's newest time still moved on; at the next tick the vehicle looked silent for hours and a
    /// false offline episode opened, and the fatigue episode never came.
    /// </summary>
    [Fact]
    public async Task A_fast_backlog_on_the_wall_clock_is_evaluated_not_dropped_as_future()
    {
        var (events, worker) = await RunAsync(DateTimeOffset.UtcNow.ToUnixTimeSeconds(), backlogSeconds: (3 * 3600) + (45 * 60));

        Assert.Equal(0, worker.FutureFixes);
        Assert.DoesNotContain(events, e => e.Rule == RuleKind.Offline && e.Transition == EpisodeTransition.Opened);
        Assert.Contains(events, e => e.Rule == RuleKind.FatigueContinuous && e.Transition == EpisodeTransition.Opened);
    }

    [Fact]
    public async Task Fixes_from_the_future_by_the_servers_clock_are_dropped_and_counted()
    {
        long wall = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var (_, worker) = await RunAsync(wall + 3600, backlogSeconds: 600);
        Assert.Equal(61, worker.FutureFixes);
    }

    /// <summary>One coach's fixes every 10 s from <c>end − backlogSeconds</c> to <c>end</c>, in two halves with a clock tick
    /// after each, as the service ticks once a second while a backlog pours in.</summary>
    static async Task<(List<EpisodeEvent> Events, RuleWorker Worker)> RunAsync(long end, int backlogSeconds)
    {
        var engine = new RuleEngine(RuleWorker.EngineProfile(RuleProfile.Default), [new Vehicle("1", "湘N00001", VehicleClass.LineCoach, false, 100, "7", "431202")]);
        var episodes = Channel.CreateUnbounded<EpisodeNotice>();
        var worker = new RuleWorker(4096, [engine], [[1L]], episodes.Writer, (_, _) => Task.CompletedTask, NullLogger<RuleWorker>.Instance,
            RuleProfile.Default.FutureToleranceSeconds);
        var run = worker.RunAsync(CancellationToken.None);
        long wall = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        long start = end - backlogSeconds;
        long half = start + (backlogSeconds / 2);
        long newest = long.MinValue;
        for (long t = start; t <= end; t += 10)
        {
            await worker.Input.WriteAsync(RuleInput.ForFix(0, new Fix(0, t, 27_550_000 + (int)(t - start), 110_000_000, 700, 90, accOn: true, gnssValid: true)));
            newest = t;
            if (t == half || t + 10 > end)
            {
                long now = PartitionClock.Now(EngineClockMode.Wall, wall, newest, TimeSpan.Zero, Grace, TimeSpan.FromMinutes(5));
                await worker.Input.WriteAsync(new RuleInput(RuleInputKind.Clock, 0, default, now));
            }
        }

        worker.Input.Complete();
        await run;
        episodes.Writer.Complete();
        var events = new List<EpisodeEvent>();
        await foreach (var notice in episodes.Reader.ReadAllAsync())
        {
            events.Add(notice.Event);
        }

        return (events, worker);
    }
}

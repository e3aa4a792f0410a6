using System.Collections.Concurrent;
using Monitoring.Alerts.Tests.Infrastructure;
using Monitoring.Storage;

namespace Monitoring.Alerts.Tests;

[Collection(PostgresCollection.Name)]
public sealed class AlertEventListenerTests(PostgresFixture postgres)
{
    [Fact]
    public async Task A_commit_with_new_events_is_heard_with_its_newest_id()
    {
        await using var db = await postgres.CreateDatabaseAsync();
        var episodes = new EpisodeStore(db.DataSource, StoragePath.Plain);
        await episodes.UpsertAsync([Seed.Opened(Seed.Key(11))]);
        var listener = new AlertEventListener(db.DataSource);
        var heard = new ConcurrentQueue<long>();
        listener.EventsAvailable += heard.Enqueue;
        listener.EventsAvailable += _ => throw new InvalidOperationException("a broken handler does not stop the others");
        using var stop = new CancellationTokenSource();
        var run = listener.RunAsync(stop.Token);
        await listener.Listening;
        long before = await new AlertEventStore(db.DataSource).LastIdAsync();

        await episodes.UpsertAsync([Seed.Escalated(Seed.Key(11), 2), Seed.Closed(Seed.Key(11), 2)]);
        long newest = await new AlertEventStore(db.DataSource).LastIdAsync();
        await Eventually.TrueAsync(() => heard.Contains(newest), "the listener heard the commit");
        await stop.CancelAsync();
        await run;

        Assert.Equal([before, newest], heard);   // on connecting: what was there; then the notification
    }

    [Fact]
    public async Task After_its_connection_is_killed_the_listener_reconnects_and_reports_what_it_missed()
    {
        await using var db = await postgres.CreateDatabaseAsync();
        var episodes = new EpisodeStore(db.DataSource, StoragePath.Plain);
        var gate = new GatedTimeProvider();
        var listener = new AlertEventListener(db.DataSource, gate);
        var heard = new ConcurrentQueue<long>();
        listener.EventsAvailable += heard.Enqueue;
        using var stop = new CancellationTokenSource();
        var run = listener.RunAsync(stop.Token);
        await listener.Listening;

        Assert.Equal(1L, await db.ScalarAsync<long>(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = 'monitoring-alert-listener' AND datname = current_database()"));
        await Eventually.TrueAsync(() => gate.Pending == 1, "the listener waits to reconnect");
        await episodes.UpsertAsync([Seed.Opened(Seed.Key(11))]);   // nobody listens: its notification is lost
        long missed = await new AlertEventStore(db.DataSource).LastIdAsync();
        gate.ReleaseAll();
        await Eventually.TrueAsync(() => heard.Contains(missed), "the listener reported the event committed while it was cut off");
        await episodes.UpsertAsync([Seed.Opened(Seed.Key(12))]);
        long next = await new AlertEventStore(db.DataSource).LastIdAsync();
        await Eventually.TrueAsync(() => heard.Contains(next), "the listener hears again");

        await stop.CancelAsync();
        await run;
        Assert.Equal([0L, missed, next], heard);
    }
}

using System.Text.Json;
using Microsoft.Extensions.Logging;
using Monitoring.Alerts.Tests.Infrastructure;
using Monitoring.Storage;

namespace Monitoring.Alerts.Tests;

/// <summary>The MQTT alert relay against the in-process MQTTnet broker.</summary>
[Collection(PostgresCollection.Name)]
public sealed class AlertTopicRelayTests(PostgresFixture postgres)
{
    static readonly AlertTopicRelayOptions Fast = new()
    {
        PollInterval = TimeSpan.FromMilliseconds(50),
        FirstReconnectDelay = TimeSpan.FromMilliseconds(50),
        MaxReconnectDelay = TimeSpan.FromMilliseconds(200),
        BatchSize = 4,
    };

    [Fact]
    public async Task Each_event_goes_to_its_carriers_topic_once_and_the_cursor_survives_a_restart()
    {
        await using var db = await postgres.CreateDatabaseAsync();
        await Seed.ReferenceAsync(db);
        await using var broker = new TestBroker();
        await broker.StartAsync();
        await using var subscriber = await AlertSubscriber.ConnectAsync(broker.Port);
        var episodes = new EpisodeStore(db.DataSource, StoragePath.Plain);
        await episodes.UpsertAsync([.. Seed.Life(Seed.Key(11)), .. Seed.Life(Seed.Key(21))]);

        await RunUntilCursorAsync(db, broker.Port, "relay-a", await new AlertEventStore(db.DataSource).LastIdAsync());
        await episodes.UpsertAsync([Seed.Opened(Seed.Key(12)), Seed.Opened(Seed.Key(21, minutes: 30), late: true)]);
        long last = await new AlertEventStore(db.DataSource).LastIdAsync();
        await RunUntilCursorAsync(db, broker.Port, "relay-b", last);   // a new process: starts from the stored cursor
        await subscriber.FlushAsync();

        var ids = await db.ColumnAsync<long>("SELECT id FROM alert_events ORDER BY id");
        var received = subscriber.Messages.Select(m => (m.Topic, Json: JsonDocument.Parse(m.Payload).RootElement)).ToList();
        Assert.Equal(ids, received.Select(m => m.Json.GetProperty("eventId").GetInt64()));
        Assert.Equal(
        [
            "alerts/1/opened", "alerts/1/escalated", "alerts/1/closed", "alerts/2/opened", "alerts/2/escalated", "alerts/2/closed",
            "alerts/1/opened", "alerts/2/opened",
        ], received.Select(m => m.Topic));
        Assert.All(received, m =>
        {
            Assert.Equal(m.Topic.Split('/')[1], m.Json.GetProperty("carrierId").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(m.Topic.Split('/')[2], m.Json.GetProperty("event").GetString());
        });
        Assert.True(received[^1].Json.GetProperty("late").GetBoolean());
        Assert.Equal("川A21111", received[^1].Json.GetProperty("plate").GetString());
        Assert.Equal(last, await db.ScalarAsync<long>("SELECT position FROM relay_cursors WHERE name = 'mqtt_alerts'"));
    }

    [Fact]
    public async Task Two_relays_sharing_the_cursor_publish_each_event_once()
    {
        await using var db = await postgres.CreateDatabaseAsync();
        await using var broker = new TestBroker();
        await broker.StartAsync();
        await using var subscriber = await AlertSubscriber.ConnectAsync(broker.Port);
        await new EpisodeStore(db.DataSource, StoragePath.Plain).UpsertAsync([.. Enumerable.Range(0, 30).Select(i => Seed.Opened(Seed.Key(11, minutes: i)))]);
        long last = await new AlertEventStore(db.DataSource).LastIdAsync();
        await using var a = new AlertTopicRelay(db.DataSource, AlertTopicRelay.ClientOptions("127.0.0.1", broker.Port, "relay-a"), Fast);
        await using var b = new AlertTopicRelay(db.DataSource, AlertTopicRelay.ClientOptions("127.0.0.1", broker.Port, "relay-b"), Fast);
        using var stop = new CancellationTokenSource();

        var runs = new[] { a.RunAsync(stop.Token), b.RunAsync(stop.Token) };
        await Eventually.TrueAsync(async () => await a.CursorAsync() == last, "the relays published every event");
        await stop.CancelAsync();
        await Task.WhenAll(runs);
        await subscriber.FlushAsync();

        Assert.Equal(await db.ColumnAsync<long>("SELECT id FROM alert_events ORDER BY id"),
            subscriber.Messages.Select(m => JsonDocument.Parse(m.Payload).RootElement.GetProperty("eventId").GetInt64()).Order());
    }

    [Fact]
    public async Task A_relay_started_before_the_broker_keeps_retrying_and_publishes_once_it_is_up()
    {
        await using var db = await postgres.CreateDatabaseAsync();
        await using var broker = new TestBroker();   // not started yet
        var logger = new FailureCounter();
        await using var relay = new AlertTopicRelay(db.DataSource, AlertTopicRelay.ClientOptions("127.0.0.1", broker.Port, "relay"), Fast, logger: logger);
        using var stop = new CancellationTokenSource();
        var run = relay.RunAsync(stop.Token);
        await Eventually.TrueAsync(() => logger.Failures >= 2, "the relay tried the absent broker more than once");

        await broker.StartAsync();
        await using var subscriber = await AlertSubscriber.ConnectAsync(broker.Port);
        await new EpisodeStore(db.DataSource, StoragePath.Plain).UpsertAsync(Seed.Life(Seed.Key(11)));
        long last = await new AlertEventStore(db.DataSource).LastIdAsync();
        relay.Wake();
        await Eventually.TrueAsync(async () => await relay.CursorAsync() == last, "the relay published after the broker came up");
        await stop.CancelAsync();
        await run;
        await subscriber.FlushAsync();

        Assert.Equal(3, subscriber.Messages.Count);
    }

    static async Task RunUntilCursorAsync(TestDatabase db, int port, string clientId, long last)
    {
        await using var relay = new AlertTopicRelay(db.DataSource, AlertTopicRelay.ClientOptions("127.0.0.1", port, clientId), Fast);
        using var stop = new CancellationTokenSource();
        var run = relay.RunAsync(stop.Token);
        await Eventually.TrueAsync(async () => await relay.CursorAsync() == last, $"{clientId} published up to event {last}");
        await stop.CancelAsync();
        await run;
    }

    /// <summary>Counts the relay's warnings (its failed rounds).</summary>
    sealed class FailureCounter : ILogger<AlertTopicRelay>
    {
        int _failures;

        public int Failures => Volatile.Read(ref _failures);

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.Warning)
            {
                Interlocked.Increment(ref _failures);
            }
        }
    }
}

using Monitoring.Api.Alerts;
using Monitoring.Api.Tests.Infrastructure;
using Monitoring.Storage;

namespace Monitoring.Api.Tests;

/// <summary>The live alert stream: scope and filters, no late episodes, resume from Last-Event-ID.</summary>
[Collection(PostgresCollection.Name)]
public sealed class StreamTests(PostgresFixture postgres)
{
    static EpisodeRecord Episode(EpisodeKey key, EpisodeState state, short severity, long carrier, int county, bool late = false) =>
        new(key, state, severity, state == EpisodeState.Closed ? key.StartTime.AddMinutes(3) : null, 100, 120, late, carrier, county, key.StartTime.AddMinutes(3));

    [Fact]
    public async Task A_county_key_gets_its_countys_live_events_in_order_and_no_late_or_foreign_ones()
    {
        await using var app = await ApiApp.StartAsync(postgres);
        await using var sse = await SseClient.ConnectAsync(app.Client(app.Seed.CountyAKey), "/api/alerts/stream");
        var store = new EpisodeStore(app.Database.DataSource, StoragePath.Plain);
        var ours = new EpisodeKey(Seed.V12, "overspeed", Seed.T0.AddHours(6));
        var foreign = new EpisodeKey(Seed.V21, "overspeed", Seed.T0.AddHours(6));
        var late = new EpisodeKey(Seed.V11, "overspeed", Seed.T0.AddHours(-6));
        await store.UpsertAsync([Episode(ours, EpisodeState.Opened, 2, Seed.Carrier2, Seed.CountyA)]);
        await store.UpsertAsync([Episode(foreign, EpisodeState.Opened, 2, Seed.Carrier3, Seed.CountyB)]);
        await store.UpsertAsync([Episode(late, EpisodeState.Closed, 2, Seed.Carrier1, Seed.CountyA, late: true)]);
        await store.UpsertAsync([Episode(ours, EpisodeState.Escalated, 3, Seed.Carrier2, Seed.CountyA)]);
        await store.UpsertAsync([Episode(ours, EpisodeState.Closed, 3, Seed.Carrier2, Seed.CountyA)]);

        var opened = await sse.NextAsync();
        var escalated = await sse.NextAsync();
        var closed = await sse.NextAsync();
        Assert.Equal(["opened", "escalated", "closed"], new[] { opened.Name, escalated.Name, closed.Name });
        Assert.All([opened, escalated, closed], e => Assert.Equal(AlertId.Format(ours), e.Data.GetProperty("id").GetString()));
        Assert.True(opened.Id < escalated.Id && escalated.Id < closed.Id);
        Assert.Equal("湘N22222", opened.Data.GetProperty("plate").GetString());
        Assert.Equal("鹤城区", opened.Data.GetProperty("countyName").GetString());
    }

    [Fact]
    public async Task A_client_resuming_with_Last_Event_ID_first_gets_what_it_missed()
    {
        await using var app = await ApiApp.StartAsync(postgres);
        var store = new EpisodeStore(app.Database.DataSource, StoragePath.Plain);
        using var client = app.Client(app.Seed.Carrier1Key);
        long lastSeen;
        var first = new EpisodeKey(Seed.V11, "night_overspeed", Seed.T0.AddHours(7));
        await using (var sse = await SseClient.ConnectAsync(client, "/api/alerts/stream"))
        {
            await store.UpsertAsync([Episode(first, EpisodeState.Opened, 2, Seed.Carrier1, Seed.CountyA)]);
            var e = await sse.NextAsync();
            Assert.Equal("opened", e.Name);
            lastSeen = e.Id;
        }

        // Disconnected: these happen meanwhile (one of them another carrier's).
        await store.UpsertAsync([Episode(first, EpisodeState.Closed, 2, Seed.Carrier1, Seed.CountyA)]);
        await store.UpsertAsync([Episode(new EpisodeKey(Seed.V12, "overspeed", Seed.T0.AddHours(7)), EpisodeState.Opened, 2, Seed.Carrier2, Seed.CountyA)]);
        var second = new EpisodeKey(Seed.V11, "fatigue_cumulative", Seed.T0.AddHours(8));
        await store.UpsertAsync([Episode(second, EpisodeState.Opened, 2, Seed.Carrier1, Seed.CountyA)]);

        await using (var sse = await SseClient.ConnectAsync(client, "/api/alerts/stream", lastSeen.ToString(System.Globalization.CultureInfo.InvariantCulture)))
        {
            var missed1 = await sse.NextAsync();
            var missed2 = await sse.NextAsync();
            Assert.Equal(("closed", AlertId.Format(first)), (missed1.Name, missed1.Data.GetProperty("id").GetString()));
            Assert.Equal(("opened", AlertId.Format(second)), (missed2.Name, missed2.Data.GetProperty("id").GetString()));

            // Then live again.
            await store.UpsertAsync([Episode(second, EpisodeState.Closed, 2, Seed.Carrier1, Seed.CountyA)]);
            var live = await sse.NextAsync();
            Assert.Equal(("closed", AlertId.Format(second)), (live.Name, live.Data.GetProperty("id").GetString()));
            Assert.True(live.Id > missed2.Id && missed2.Id > missed1.Id && missed1.Id > lastSeen);
        }
    }

    [Fact]
    public async Task Resuming_from_zero_replays_the_scope_history_and_filters_apply_to_history_and_live()
    {
        await using var app = await ApiApp.StartAsync(postgres);
        await using (var sse = await SseClient.ConnectAsync(app.Client(app.Seed.CountyAKey), "/api/alerts/stream?lastEventId=0"))
        {
            var seen = new List<SseClient.Event>();
            for (int i = 0; i < 5; i++)
            {
                seen.Add(await sse.NextAsync());
            }

            Assert.Equal(
                [(AlertId.Format(Seed.Overspeed11), "opened"), (AlertId.Format(Seed.Overspeed11), "closed"), (AlertId.Format(Seed.NightBan12), "opened"),
                    (AlertId.Format(Seed.Emergency11), "opened"), (AlertId.Format(Seed.Fatigue13), "opened")],
                seen.Select(e => (e.Data.GetProperty("id").GetString()!, e.Name)));
        }

        await using (var sse = await SseClient.ConnectAsync(app.Client(app.Seed.CenterKey), "/api/alerts/stream?rule=terminal_alarm&minSeverity=5&lastEventId=0"))
        {
            var history = await sse.NextAsync();
            Assert.Equal(AlertId.Format(Seed.Emergency11), history.Data.GetProperty("id").GetString());
            var store = new EpisodeStore(app.Database.DataSource, StoragePath.Plain);
            await store.UpsertAsync([Episode(new EpisodeKey(Seed.V21, "overspeed", Seed.T0.AddHours(9)), EpisodeState.Opened, 5, Seed.Carrier3, Seed.CountyB)]);
            var sos = new EpisodeKey(Seed.V21, "terminal_alarm:emergency", Seed.T0.AddHours(9));
            await store.UpsertAsync([Episode(sos, EpisodeState.Opened, 5, Seed.Carrier3, Seed.CountyB)]);
            var live = await sse.NextAsync();
            Assert.Equal(AlertId.Format(sos), live.Data.GetProperty("id").GetString());
        }
    }
}

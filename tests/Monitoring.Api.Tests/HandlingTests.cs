using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Monitoring.Api.Alerts;
using Monitoring.Api.Tests.Infrastructure;
using Monitoring.Protocol;
using Monitoring.Protocol.Bodies;
using Monitoring.Storage;

namespace Monitoring.Api.Tests;

/// <summary>The handling state machine, its records, and the downlink frames it sends (decoded from a real broker).</summary>
[Collection(PostgresCollection.Name)]
public sealed class HandlingTests(PostgresFixture postgres)
{
    static Task<HttpResponseMessage> Act(HttpClient client, EpisodeKey key, object body) =>
        client.PostAsJsonAsync($"/api/alerts/{AlertId.Format(key)}/handling", body);

    static string[] Actions(JsonElement detail) => [.. detail.GetProperty("allowedActions").EnumerateArray().Select(a => a.GetString()!)];

    [Fact]
    public async Task Verify_warn_close_walks_the_states_records_each_step_and_sends_the_warning_as_0x8300_TTS()
    {
        await using var app = await ApiApp.StartAsync(postgres);
        using var client = app.Client(app.Seed.CountyAKey);
        var key = Seed.Overspeed11;

        var detail = await Json.ReadAsync(await client.GetAsync($"/api/alerts/{AlertId.Format(key)}"));
        Assert.Equal("new", detail.GetProperty("alert").GetProperty("handling").GetString());
        Assert.Equal(["verify", "dismiss"], Actions(detail));
        Assert.Contains("100", detail.GetProperty("suggestedWarning").GetString(), StringComparison.Ordinal);
        Assert.NotEmpty(detail.GetProperty("track").EnumerateArray());
        Assert.Equal(112.5, detail.GetProperty("alert").GetProperty("maxSpeedKmh").GetDouble());

        await Json.ProblemAsync(await Act(client, key, new { action = "close" }), 409);

        detail = await Json.ReadAsync(await Act(client, key, new { action = "verify", note = "看了轨迹，确实超速" }));
        Assert.Equal("verifying", detail.GetProperty("alert").GetProperty("handling").GetString());
        Assert.Equal(["warn", "close", "dismiss"], Actions(detail));
        Assert.True(app.Broker.Downlink.Reader.Count == 0, "verify of an overspeed sends nothing to the terminal");

        const string Text = "湘N11111驾驶员请注意，您已超速，请立即减速。";
        detail = await Json.ReadAsync(await Act(client, key, new { action = "warn", text = Text }));
        Assert.Equal("driver_warned", detail.GetProperty("alert").GetProperty("handling").GetString());
        var (topic, payload) = await app.Broker.NextAsync();
        Assert.Equal("jt808/down/" + Seed.Phone11, topic);
        var scratch = new byte[2048];
        Assert.True(Jt808Decoder.Decode(payload, scratch, out var message).IsOk);
        Assert.Equal(MessageIds.TextMessage, message.MessageId);
        Assert.Equal(Jt808Version.V2013, message.Header.Version);
        Assert.Equal(Seed.Phone11, message.Header.Phone.ToString());
        Assert.True(TextMessage.TryRead(message.Body, message.Header.Version, out var text).IsOk);
        Assert.True(text.IsTts);
        Assert.Equal(Text, text.GetText());

        detail = await Json.ReadAsync(await Act(client, key, new { action = "close", note = "司机已减速" }));
        Assert.Equal("closed", detail.GetProperty("alert").GetProperty("handling").GetString());
        Assert.Empty(Actions(detail));
        await Json.ProblemAsync(await Act(client, key, new { action = "warn" }), 409);

        var steps = detail.GetProperty("handling").EnumerateArray().ToList();
        Assert.Equal(["verifying", "driver_warned", "closed"], steps.Select(s => s.GetProperty("step").GetString()));
        Assert.All(steps, s => Assert.Equal("county-a", s.GetProperty("user").GetString()));
        Assert.Equal("看了轨迹，确实超速", steps[0].GetProperty("note").GetString());
        Assert.Contains(Text, steps[1].GetProperty("note").GetString(), StringComparison.Ordinal);
        Assert.Contains("0x8300", steps[1].GetProperty("note").GetString(), StringComparison.Ordinal);
        var times = steps.Select(s => s.GetProperty("at").GetDateTime()).ToList();
        Assert.Equal(times.Order(), times);
        Assert.EndsWith("Z", steps[0].GetProperty("at").GetString(), StringComparison.Ordinal);

        // The records are in the store's alert_handling, and the lists show the state.
        Assert.Equal(3L, await app.Database.ScalarAsync<long>("SELECT count(*) FROM alert_handling WHERE vehicle_id = 11 AND rule = 'overspeed'"));
        var list = await Json.ReadAsync(await client.GetAsync($"/api/alerts?from={Seed.T0.AddHours(-1):O}&to={Seed.T0.AddHours(1):O}&handling=closed"));
        Assert.Equal(AlertId.Format(key), list.GetProperty("items").EnumerateArray().Single().GetProperty("id").GetString());
    }

    [Fact]
    public async Task Dismiss_needs_a_reason_and_ends_the_alert()
    {
        await using var app = await ApiApp.StartAsync(postgres);
        using var client = app.Client(app.Seed.Carrier2Key);
        await Json.ProblemAsync(await Act(client, Seed.NightBan12, new { action = "dismiss" }), 400);
        var detail = await Json.ReadAsync(await Act(client, Seed.NightBan12, new { action = "dismiss", note = "接驳运输，已报备" }));
        Assert.Equal("dismissed", detail.GetProperty("alert").GetProperty("handling").GetString());
        Assert.Empty(Actions(detail));
        var step = detail.GetProperty("handling").EnumerateArray().Single();
        Assert.Equal(("dismissed", "carrier-2", "接驳运输，已报备"), (step.GetProperty("step").GetString(), step.GetProperty("user").GetString(), step.GetProperty("note").GetString()));
        await Json.ProblemAsync(await Act(client, Seed.NightBan12, new { action = "verify" }), 409);
    }

    [Fact]
    public async Task An_emergency_alarm_gets_its_0x8203_confirmation_when_first_handled_and_warn_goes_to_the_2019_terminal()
    {
        await using var app = await ApiApp.StartAsync(postgres);
        using var client = app.Client(app.Seed.CenterKey);
        var detail = await Json.ReadAsync(await Act(client, Seed.Emergency11, new { action = "verify" }));
        Assert.Equal("verifying", detail.GetProperty("alert").GetProperty("handling").GetString());
        var (topic, payload) = await app.Broker.NextAsync();
        Assert.Equal("jt808/down/" + Seed.Phone11, topic);
        var scratch = new byte[2048];
        Assert.True(Jt808Decoder.Decode(payload, scratch, out var message).IsOk);
        Assert.Equal(MessageIds.AlarmConfirmation, message.MessageId);
        Assert.True(AlarmConfirmation.TryRead(message.Body, out var confirmation).IsOk);
        Assert.Equal((ushort)0, confirmation.AlarmSerial);
        Assert.Equal(1u, confirmation.AlarmTypes);
        Assert.Contains("0x8203", detail.GetProperty("handling")[0].GetProperty("note").GetString(), StringComparison.Ordinal);

        // A second step confirms nothing again.
        await Json.ReadAsync(await Act(client, Seed.Emergency11, new { action = "close" }));
        Assert.Equal(0, app.Broker.Downlink.Reader.Count);

        // The 2019 terminal of vehicle 21 gets a 2019 frame with its 20-digit phone and the suggested text.
        await Json.ReadAsync(await Act(client, Seed.Overspeed21, new { action = "verify" }));
        detail = await Json.ReadAsync(await Act(client, Seed.Overspeed21, new { action = "warn" }));
        (topic, payload) = await app.Broker.NextAsync();
        Assert.Equal("jt808/down/" + Seed.Phone21, topic);
        Assert.True(Jt808Decoder.Decode(payload, scratch, out message).IsOk);
        Assert.Equal(Jt808Version.V2019, message.Header.Version);
        Assert.True(TextMessage.TryRead(message.Body, message.Header.Version, out var text).IsOk);
        Assert.Equal(detail.GetProperty("suggestedWarning").GetString(), text.GetText());
    }

    [Fact]
    public async Task Warn_without_a_terminal_is_409_and_without_a_broker_is_503_and_records_nothing()
    {
        await using var app = await ApiApp.StartAsync(postgres, o => o.DownlinkPort = 1);
        using var client = app.Client(app.Seed.CenterKey);
        await Json.ReadAsync(await Act(client, Seed.Fatigue13, new { action = "verify" }));
        var problem = await Json.ProblemAsync(await Act(client, Seed.Fatigue13, new { action = "warn" }), 409);
        Assert.Contains("湘N44444", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        await Json.ReadAsync(await Act(client, Seed.Overspeed11, new { action = "verify" }));
        await Json.ProblemAsync(await Act(client, Seed.Overspeed11, new { action = "warn" }), 503);
        var detail = await Json.ReadAsync(await client.GetAsync($"/api/alerts/{AlertId.Format(Seed.Overspeed11)}"));
        Assert.Equal("verifying", detail.GetProperty("alert").GetProperty("handling").GetString());
        Assert.Single(detail.GetProperty("handling").EnumerateArray());
    }

    [Fact]
    public async Task Two_monitors_acting_at_once_are_serialized_one_wins()
    {
        await using var app = await ApiApp.StartAsync(postgres);
        using var a = app.Client(app.Seed.CenterKey);
        using var b = app.Client(app.Seed.CountyAKey);
        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Act(i % 2 == 0 ? a : b, Seed.Overspeed11, new { action = "verify" })));
        Assert.Equal(1, answers.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(5, answers.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        Assert.Equal(1L, await app.Database.ScalarAsync<long>("SELECT count(*) FROM alert_handling"));
    }
}

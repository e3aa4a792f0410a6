using System.Net;
using System.Text;
using MiniExcelLibs;
using Monitoring.Api.Alerts;
using Monitoring.Api.Tests.Infrastructure;
using Monitoring.Storage;

namespace Monitoring.Api.Tests;

/// <summary>
/// Every endpoint with every role against data of another scope: what is addressed by path is 404 with a problem
/// and no data; what is listed holds nothing of the other scope. Own data answers 200, so the 404s are not vacuous.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ScopeTests(PostgresFixture postgres)
{
    /// <summary>A caller and what belongs to another scope for it (foreign) or to its own (own).</summary>
    public sealed record Case(string Name, Func<Seed, string> Key, EpisodeKey ForeignAlert, long ForeignVehicle, int ForeignCounty, long ForeignCarrier,
        EpisodeKey OwnAlert, long OwnVehicle, int OwnCounty, long OwnCarrier, string[] ForeignTexts)
    {
        public override string ToString() => Name;
    }

    static readonly string[] CountyBTexts = ["湘N33333", "中方县", "中方旅游运输有限公司"];
    static readonly string[] CountyATexts = ["湘N11111", "湘N22222", "湘N44444", "鹤城区", "鹤城客运有限公司", "鹤城危险货物运输有限公司"];

    public static TheoryData<Case> Callers => new()
    {
        new Case("county A", s => s.CountyAKey, Seed.Overspeed21, Seed.V21, Seed.CountyB, Seed.Carrier3,
            Seed.Overspeed11, Seed.V11, Seed.CountyA, Seed.Carrier1, CountyBTexts),
        new Case("county B", s => s.CountyBKey, Seed.Overspeed11, Seed.V11, Seed.CountyA, Seed.Carrier1,
            Seed.Overspeed21, Seed.V21, Seed.CountyB, Seed.Carrier3, CountyATexts),
        new Case("carrier 1", s => s.Carrier1Key, Seed.NightBan12, Seed.V12, Seed.CountyB, Seed.Carrier2,
            Seed.Overspeed11, Seed.V11, Seed.CountyA, Seed.Carrier1, ["湘N22222", "湘N33333", "鹤城危险货物运输有限公司", "中方县", "中方旅游运输有限公司"]),
        new Case("carrier 2", s => s.Carrier2Key, Seed.Overspeed11, Seed.V11, Seed.CountyB, Seed.Carrier1,
            Seed.NightBan12, Seed.V12, Seed.CountyA, Seed.Carrier2, ["湘N11111", "湘N33333", "湘N44444", "鹤城客运有限公司", "中方县", "中方旅游运输有限公司"]),
        new Case("carrier 3", s => s.Carrier3Key, Seed.Overspeed11, Seed.V11, Seed.CountyA, Seed.Carrier1,
            Seed.Overspeed21, Seed.V21, Seed.CountyB, Seed.Carrier3, CountyATexts),
    };

    static string Range => $"from={Seed.T0.AddDays(-1):yyyy-MM-ddTHH:mm:ssZ}&to={Seed.T0.AddDays(1):yyyy-MM-ddTHH:mm:ssZ}";

    static string TrackRange => $"from={Seed.T0.AddMinutes(-15):yyyy-MM-ddTHH:mm:ssZ}&to={Seed.T0.AddMinutes(15):yyyy-MM-ddTHH:mm:ssZ}";

    static string Date => $"date={Seed.Day:yyyy-MM-dd}";

    /// <summary>Every endpoint that names one alert, vehicle, county or carrier, for the given ones.</summary>
    static IEnumerable<(HttpMethod Method, string Url, string? Body)> Addressed(EpisodeKey alert, long vehicle, int county, long carrier)
    {
        string id = AlertId.Format(alert);
        yield return (HttpMethod.Get, $"/api/alerts/{id}", null);
        yield return (HttpMethod.Post, $"/api/alerts/{id}/handling", """{"action":"verify","note":"scope test"}""");
        yield return (HttpMethod.Get, $"/api/vehicles/{vehicle}", null);
        yield return (HttpMethod.Get, $"/api/vehicles/{vehicle}/track?{TrackRange}", null);
        yield return (HttpMethod.Get, $"/api/counties/{county}/violations?{Date}", null);
        yield return (HttpMethod.Get, $"/api/counties/{county}/violations?{Date}&format=csv", null);
        yield return (HttpMethod.Get, $"/api/counties/{county}/violations?{Date}&format=xlsx", null);
        yield return (HttpMethod.Get, $"/api/counties/{county}/summary?{Date}", null);
        yield return (HttpMethod.Get, $"/api/carriers/{carrier}/webhooks", null);
        yield return (HttpMethod.Post, $"/api/carriers/{carrier}/webhooks", """{"url":"http://127.0.0.1:9/hook"}""");
        yield return (HttpMethod.Delete, $"/api/carriers/{carrier}/webhooks/1", null);
        yield return (HttpMethod.Get, $"/api/carriers/{carrier}/webhooks/deliveries", null);
    }

    static readonly string[] ListUrls =
    [
        $"/api/alerts?{Range}",
        $"/api/alerts?{Range}&county={Seed.CountyA}",
        $"/api/alerts?{Range}&county={Seed.CountyB}",
        $"/api/alerts?{Range}&carrier={Seed.Carrier2}",
        "/api/vehicles",
        $"/api/vehicles?county={Seed.CountyB}",
        "/api/counties",
        "/api/carriers",
        "/api/fleet/status",
        "/api/stats/episodes?days=3",
        $"/api/assessment?group=county&from={Seed.Day:yyyy-MM-dd}&to={Seed.Day:yyyy-MM-dd}",
        $"/api/assessment?group=carrier&from={Seed.Day:yyyy-MM-dd}&to={Seed.Day:yyyy-MM-dd}",
        "/api/me",
    ];

    [Theory]
    [MemberData(nameof(Callers))]
    public async Task Another_scopes_alert_vehicle_county_or_carrier_is_404_without_its_data(Case c)
    {
        var app = await postgres.SharedAppAsync();
        using var client = app.Client(c.Key(app.Seed));
        foreach (var (method, url, body) in Addressed(c.ForeignAlert, c.ForeignVehicle, c.ForeignCounty, c.ForeignCarrier))
        {
            using var request = new HttpRequestMessage(method, url) { Content = body is null ? null : new StringContent(body, Encoding.UTF8, "application/json") };
            using var response = await client.SendAsync(request);
            string text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{c.Name} {method} {url}: {(int)response.StatusCode} {text}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            foreach (string foreign in c.ForeignTexts)
            {
                Assert.DoesNotContain(foreign, text, StringComparison.Ordinal);
            }
        }

        // Nothing was handled or subscribed on the way.
        Assert.Equal(0L, await app.Database.ScalarAsync<long>("SELECT count(*) FROM alert_handling WHERE note = 'scope test'"));
        Assert.Equal(0L, await app.Database.ScalarAsync<long>("SELECT count(*) FROM webhook_subscriptions"));
    }

    [Theory]
    [MemberData(nameof(Callers))]
    public async Task Own_alert_vehicle_county_and_carrier_answer_200(Case c)
    {
        var app = await postgres.SharedAppAsync();
        using var client = app.Client(c.Key(app.Seed));
        foreach (var (method, url, _) in Addressed(c.OwnAlert, c.OwnVehicle, c.OwnCounty, c.OwnCarrier))
        {
            if (method != HttpMethod.Get)
            {
                continue;
            }

            using var response = await client.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{c.Name} GET {url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    [Theory]
    [MemberData(nameof(Callers))]
    public async Task Lists_hold_nothing_of_another_scope(Case c)
    {
        var app = await postgres.SharedAppAsync();
        using var client = app.Client(c.Key(app.Seed));
        foreach (string url in ListUrls.Append($"/api/counties/{c.OwnCounty}/violations?{Date}&format=csv").Append($"/api/counties/{c.OwnCounty}/summary?{Date}"))
        {
            using var response = await client.GetAsync(url);
            string text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{c.Name} GET {url}: {(int)response.StatusCode} {text}");
            foreach (string foreign in c.ForeignTexts)
            {
                Assert.False(text.Contains(foreign, StringComparison.Ordinal), $"{c.Name} GET {url} shows '{foreign}': {text}");
            }
        }

        using var xlsx = await client.GetAsync($"/api/counties/{c.OwnCounty}/violations?{Date}&format=xlsx");
        var rows = (await xlsx.Content.ReadAsStreamAsync()).Query(useHeaderRow: true).Cast<IDictionary<string, object>>().ToList();
        Assert.NotEmpty(rows);
        Assert.All(rows, row => Assert.DoesNotContain((string)row["车牌号"], c.ForeignTexts));
    }

    [Fact]
    public async Task Center_sees_every_county_carrier_vehicle_and_alert()
    {
        var app = await postgres.SharedAppAsync();
        using var client = app.Client(app.Seed.CenterKey);
        string alerts = await client.GetStringAsync($"/api/alerts?{Range}");
        string vehicles = await client.GetStringAsync("/api/vehicles");
        string carriers = await client.GetStringAsync("/api/carriers");
        foreach (string plate in new[] { "湘N11111", "湘N22222", "湘N33333" })
        {
            Assert.Contains(plate, alerts, StringComparison.Ordinal);
            Assert.Contains(plate, vehicles, StringComparison.Ordinal);
        }

        Assert.Contains("中方旅游运输有限公司", carriers, StringComparison.Ordinal);
        Assert.Contains("鹤城客运有限公司", carriers, StringComparison.Ordinal);
        foreach (int county in new[] { Seed.CountyA, Seed.CountyB })
        {
            using var response = await client.GetAsync($"/api/counties/{county}/violations?{Date}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }
}

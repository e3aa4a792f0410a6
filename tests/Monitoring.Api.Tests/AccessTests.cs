using System.Net;
using System.Text;
using Monitoring.Api.Tests.Infrastructure;
using Monitoring.Storage;

namespace Monitoring.Api.Tests;

/// <summary>API keys: stored hashed, carry role and scope, refused when missing, wrong or revoked.</summary>
[Collection(PostgresCollection.Name)]
public sealed class AccessTests(PostgresFixture postgres)
{
    [Fact]
    public async Task No_key_or_an_unknown_key_is_401_problem()
    {
        var app = await postgres.SharedAppAsync();
        foreach (string? key in new[] { null, "mk_not-a-key", "something-else" })
        {
            using var client = app.Client(key);
            using var response = await client.GetAsync("/api/alerts");
            var problem = await Json.ProblemAsync(response, 401);
            Assert.Equal(401, problem.GetProperty("status").GetInt32());
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        }
    }

    [Fact]
    public async Task Me_tells_user_role_and_scope()
    {
        var app = await postgres.SharedAppAsync();
        var center = await Json.ReadAsync(await app.Client(app.Seed.CenterKey).GetAsync("/api/me"));
        Assert.Equal("duty-center", center.GetProperty("user").GetString());
        Assert.Equal("center", center.GetProperty("role").GetString());
        var county = await Json.ReadAsync(await app.Client(app.Seed.CountyAKey).GetAsync("/api/me"));
        Assert.Equal("county", county.GetProperty("role").GetString());
        Assert.Equal(Seed.CountyA, county.GetProperty("countyId").GetInt32());
        var carrier = await Json.ReadAsync(await app.Client(app.Seed.Carrier3Key).GetAsync("/api/me"));
        Assert.Equal("carrier", carrier.GetProperty("role").GetString());
        Assert.Equal(Seed.Carrier3, carrier.GetProperty("carrierId").GetInt64());
    }

    [Fact]
    public async Task Keys_are_stored_as_sha256_only_and_a_revoked_key_is_refused()
    {
        await using var app = await ApiApp.StartAsync(postgres);
        var store = new ApiKeyStore(app.Database.DataSource);
        var key = await store.CreateAsync("night shift", ApiRole.County, Seed.CountyB, null, DateTime.UtcNow);
        Assert.StartsWith("mk_", key.Key, StringComparison.Ordinal);
        Assert.True(key.Key.Length >= 40);
        Assert.Equal(0L, await app.Database.ScalarAsync<long>($"SELECT count(*) FROM api_keys WHERE position('{key.Key}' in key_hash::text || key_prefix || user_name) > 0"));
        Assert.Equal(1L, await app.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM api_keys WHERE key_hash = sha256(convert_to('{key.Key}', 'UTF8'))"));

        using var client = app.Client(key.Key);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/me")).StatusCode);
        Assert.NotNull((await store.ListAsync()).Single(k => k.Id == key.Record.Id).LastUsedAt);

        Assert.True(await store.RevokeAsync(key.Record.Id, DateTime.UtcNow));
        Assert.False(await store.RevokeAsync(key.Record.Id, DateTime.UtcNow));
        await Json.ProblemAsync(await client.GetAsync("/api/me"), 401);
    }

    [Fact]
    public async Task A_key_needs_the_scope_its_role_names()
    {
        await using var app = await ApiApp.StartAsync(postgres);
        var store = new ApiKeyStore(app.Database.DataSource);
        await Assert.ThrowsAsync<ArgumentException>(() => store.CreateAsync("x", ApiRole.County, null, null, DateTime.UtcNow));
        await Assert.ThrowsAsync<ArgumentException>(() => store.CreateAsync("x", ApiRole.Carrier, Seed.CountyA, null, DateTime.UtcNow));
        await Assert.ThrowsAsync<ArgumentException>(() => store.CreateAsync("x", ApiRole.Center, Seed.CountyA, null, DateTime.UtcNow));
        var unknown = await Assert.ThrowsAsync<ArgumentException>(() => store.CreateAsync("x", ApiRole.Carrier, null, 999, DateTime.UtcNow));
        Assert.Contains("999", unknown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_stream_takes_the_key_from_the_query_but_other_endpoints_do_not()
    {
        var app = await postgres.SharedAppAsync();
        using var anonymous = app.Client(null);
        await Json.ProblemAsync(await anonymous.GetAsync($"/api/me?key={app.Seed.CenterKey}"), 401);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/alerts/stream?key={app.Seed.CenterKey}");
        using var response = await anonymous.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task OpenAPI_document_and_docs_page_are_served_without_a_key()
    {
        var app = await postgres.SharedAppAsync();
        using var client = app.Client(null);
        var doc = await Json.ReadAsync(await client.GetAsync("/openapi/v1.json"));
        var paths = doc.GetProperty("paths");
        foreach (string path in new[] { "/api/alerts", "/api/alerts/{id}", "/api/alerts/{id}/handling", "/api/alerts/stream", "/api/counties/{code}/violations",
                     "/api/counties/{code}/summary", "/api/vehicles", "/api/vehicles/{id}/track", "/api/fleet/status", "/api/assessment",
                     "/api/carriers/{id}/webhooks", "/api/carriers/{id}/webhooks/deliveries", "/api/me" })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"{path} is not in the OpenAPI document");
        }

        Assert.True(doc.GetProperty("components").GetProperty("schemas").TryGetProperty("Alert", out _));
        using var page = await client.GetAsync("/api/docs");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        string html = await page.Content.ReadAsStringAsync();
        Assert.Contains("/openapi/v1.json", html, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_input_is_400_with_what_is_wrong()
    {
        var app = await postgres.SharedAppAsync();
        using var client = app.Client(app.Seed.CenterKey);
        async Task Expect(string url, string field, HttpContent? body = null)
        {
            using var response = body is null ? await client.GetAsync(url) : await client.PostAsync(url, body);
            var problem = await Json.ProblemAsync(response, 400);
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out var messages), $"{url}: no error for {field}: {problem}");
            Assert.NotEmpty(messages.EnumerateArray().First().GetString()!);
        }

        await Expect("/api/alerts?from=yesterday", "from");
        await Expect("/api/alerts?from=2026-03-10T10:00:00", "from");
        await Expect("/api/alerts?from=2026-03-10T10:00:00Z&to=2026-03-09T10:00:00Z", "to");
        await Expect("/api/alerts?limit=0", "limit");
        await Expect("/api/alerts?limit=many", "limit");
        await Expect("/api/alerts?handling=forgotten", "handling");
        await Expect("/api/alerts?minSeverity=9", "minSeverity");
        await Expect("/api/alerts?cursor=%%%", "cursor");
        await Expect($"/api/counties/{Seed.CountyA}/violations?date=10.03.2026", "date");
        await Expect($"/api/counties/{Seed.CountyA}/violations?date=2026-03-10&format=pdf", "format");
        await Expect($"/api/counties/{Seed.CountyA}/violations?from=2026-01-01&to=2026-03-01", "to");
        await Expect("/api/vehicles/11/track?from=2026-03-10T00:00:00Z&to=2026-03-20T00:00:00Z", "to");
        await Expect("/api/assessment?group=driver", "group");
        await Expect("/api/stats/episodes?days=1000", "days");
        string id = Alerts.AlertId.Format(Seed.Overspeed11);
        await Expect($"/api/alerts/{id}/handling", "action", new StringContent("""{"action":"ignore"}""", Encoding.UTF8, "application/json"));
        await Expect($"/api/alerts/{id}/handling", "note", new StringContent("""{"action":"dismiss"}""", Encoding.UTF8, "application/json"));
        await Expect($"/api/alerts/{id}/handling", "text", new StringContent("""{"action":"verify","text":"hello"}""", Encoding.UTF8, "application/json"));
        await Expect($"/api/alerts/{id}/handling", "request", new StringContent("""{"action":""", Encoding.UTF8, "application/json"));
        await Expect($"/api/carriers/{Seed.Carrier1}/webhooks", "url", new StringContent("""{"url":"ftp://x"}""", Encoding.UTF8, "application/json"));
    }
}

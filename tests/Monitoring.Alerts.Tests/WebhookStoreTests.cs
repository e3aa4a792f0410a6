using Monitoring.Alerts.Tests.Infrastructure;
using Monitoring.Storage;

namespace Monitoring.Alerts.Tests;

/// <summary>Subscriptions and the delivery log, always within one carrier.</summary>
[Collection(PostgresCollection.Name)]
public sealed class WebhookStoreTests(PostgresFixture postgres)
{
    [Fact]
    public async Task A_carrier_lists_and_deletes_only_its_own_subscriptions()
    {
        await using var db = await postgres.CreateDatabaseAsync();
        await Seed.ReferenceAsync(db);
        var store = new WebhookStore(db.DataSource);
        var one = await store.CreateAsync(1, "https://carrier-one.example/hooks?token=a", "secret-one");
        var two = await store.CreateAsync(2, "http://10.1.2.3:8080/alerts", "secret-two");

        Assert.Equal((1L, "https://carrier-one.example/hooks?token=a", "secret-one", true), (one.CarrierId, one.Url, one.Secret, one.Active));
        Assert.Equal(DateTimeKind.Utc, one.CreatedAt.Kind);
        Assert.Equal([one], await store.ListAsync(1));
        Assert.Equal([two], await store.ListAsync(2));
        Assert.Empty(await store.ListAsync(3));

        Assert.False(await store.DeleteAsync(2, one.Id));   // another carrier's: not found, untouched
        Assert.Equal([one], await store.ListAsync(1));
        Assert.True(await store.DeleteAsync(1, one.Id));
        Assert.False(await store.DeleteAsync(1, one.Id));
        Assert.Empty(await store.ListAsync(1));
        Assert.Equal([two], await store.ListAsync(2));
    }

    [Fact]
    public async Task A_carrier_sees_only_its_own_deliveries_newest_first_and_keeps_them_after_deleting_the_subscription()
    {
        await using var db = await postgres.CreateDatabaseAsync();
        await Seed.ReferenceAsync(db);
        var store = new WebhookStore(db.DataSource);
        var one = await store.CreateAsync(1, "https://carrier-one.example/a", "s1");
        var two = await store.CreateAsync(2, "https://carrier-two.example/b", "s2");
        await new EpisodeStore(db.DataSource, StoragePath.Plain).UpsertAsync([Seed.Opened(Seed.Key(11)), Seed.Opened(Seed.Key(21))]);
        var outbox = new WebhookOutbox(db.DataSource);
        var t = new DateTime(2026, 11, 20, 1, 0, 0, DateTimeKind.Utc);
        var claimed = await outbox.ClaimDueAsync(t, 10, TimeSpan.FromMinutes(1));
        var forOne = claimed.Single(d => d.SubscriptionId == one.Id);
        var forTwo = claimed.Single(d => d.SubscriptionId == two.Id);

        await outbox.RecordFailedAsync(forOne, t, 503, null, t.AddSeconds(5));
        await outbox.RecordFailedAsync(forOne, t.AddSeconds(5), null, "Connection refused", t.AddSeconds(15));
        await outbox.RecordDeliveredAsync(forOne, t.AddSeconds(15), 204);
        await outbox.RecordDeliveredAsync(forTwo, t, 200);

        var log = await store.DeliveriesAsync(1, 10);
        Assert.Equal(
        [
            (one.Id, forOne.Alert.Event.Id, 3, t.AddSeconds(15), (int?)204, (string?)null, true),
            (one.Id, forOne.Alert.Event.Id, 2, t.AddSeconds(5), null, "Connection refused", false),
            (one.Id, forOne.Alert.Event.Id, 1, t, 503, null, false),
        ], log.Select(d => (d.SubscriptionId, d.EventId, d.Attempt, d.AttemptedAt, d.StatusCode, d.Error, d.Delivered)));
        Assert.Equal([two.Id], (await store.DeliveriesAsync(2, 10)).Select(d => d.SubscriptionId));
        Assert.Equal(2, (await store.DeliveriesAsync(1, 2)).Count);

        Assert.True(await store.DeleteAsync(1, one.Id));
        Assert.Equal(3, (await store.DeliveriesAsync(1, 10)).Count);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.DeliveriesAsync(1, 0));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("carrier-one.example/hooks")]
    [InlineData("/hooks")]
    [InlineData("ftp://carrier-one.example/hooks")]
    [InlineData("file:///etc/passwd")]
    [InlineData("http://")]
    [InlineData(" https://carrier-one.example/hooks")]
    public async Task A_url_that_is_not_absolute_http_or_https_is_refused_with_a_clear_message(string url)
    {
        await using var db = await postgres.CreateDatabaseAsync();
        await Seed.ReferenceAsync(db);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => new WebhookStore(db.DataSource).CreateAsync(1, url, "secret"));

        Assert.Equal("url", error.ParamName);
        Assert.Contains("URL", error.Message, StringComparison.Ordinal);
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM webhook_subscriptions"));
    }

    [Fact]
    public async Task An_unknown_carrier_an_empty_secret_and_an_overlong_url_are_refused()
    {
        await using var db = await postgres.CreateDatabaseAsync();
        await Seed.ReferenceAsync(db);
        var store = new WebhookStore(db.DataSource);

        var carrier = await Assert.ThrowsAsync<ArgumentException>(() => store.CreateAsync(99, "https://x.example/a", "secret"));
        var secret = await Assert.ThrowsAsync<ArgumentException>(() => store.CreateAsync(1, "https://x.example/a", " "));
        var longUrl = await Assert.ThrowsAsync<ArgumentException>(() => store.CreateAsync(1, "https://x.example/" + new string('a', 2100), "secret"));

        Assert.Equal(("carrierId", "Carrier 99 does not exist."), (carrier.ParamName, carrier.Message.Split(" (")[0]));
        Assert.Equal("secret", secret.ParamName);
        Assert.Contains("2048", longUrl.Message, StringComparison.Ordinal);
    }
}

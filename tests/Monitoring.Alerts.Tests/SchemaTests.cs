using Monitoring.Alerts.Tests.Infrastructure;
using Monitoring.Storage;

namespace Monitoring.Alerts.Tests;

/// <summary>Migration 0005 on both paths, and the outbox shared by carrier messages and webhook rows.</summary>
[Collection(PostgresCollection.Name)]
public sealed class SchemaTests(PostgresFixture postgres)
{
    [Fact]
    public void The_alerts_migration_is_path_neutral_so_both_paths_apply_it()
    {
        var plain = Assert.Single(Migration.For(StoragePath.Plain), m => m.Version == 5);
        var timescale = Assert.Single(Migration.For(StoragePath.Timescale), m => m.Version == 5);

        Assert.Same(plain, timescale);
        Assert.Equal(("alerts", null), (plain.Name, plain.Path));
        Assert.DoesNotContain("REFERENCES episodes", plain.Sql, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task An_empty_database_migrates_with_the_alert_tables_and_a_second_run_applies_nothing()
    {
        await using var db = await postgres.CreateDatabaseAsync(migrated: false);
        var migrator = new SchemaMigrator(db.DataSource);

        var first = await migrator.MigrateAsync(StoragePath.Plain);
        var second = await migrator.MigrateAsync();

        Assert.Contains(first.Applied, m => m.Version == 5);
        Assert.Empty(second.Applied);
        foreach (string table in new[] { "alert_events", "webhook_subscriptions", "webhook_deliveries", "relay_cursors" })
        {
            Assert.True(await db.ScalarAsync<bool>($"SELECT to_regclass('public.{table}') IS NOT NULL"), table);
        }

        Assert.Equal(2L, await db.ScalarAsync<long>(
            "SELECT count(*) FROM information_schema.columns WHERE table_name = 'outbox' AND column_name IN ('subscription_id', 'event_id')"));
    }

    [Fact]
    public async Task Carrier_messages_and_webhook_rows_share_the_outbox_without_taking_each_others_rows()
    {
        await using var db = await postgres.CreateDatabaseAsync();
        await Seed.ReferenceAsync(db);
        var subscription = await new WebhookStore(db.DataSource).CreateAsync(1, "https://carrier-one.example/a", "s");
        await new EpisodeStore(db.DataSource, StoragePath.Plain).UpsertAsync([Seed.Opened(Seed.Key(11))]);
        var t = new DateTime(2026, 11, 20, 1, 0, 0, DateTimeKind.Utc);
        var messages = new OutboxStore(db.DataSource);
        long message = await messages.EnqueueAsync(1, """{"text":"请注意"}""", t);

        var claimedMessages = await messages.ClaimDueAsync(t.AddMinutes(1), 10, TimeSpan.FromMinutes(1));
        var claimedWebhooks = await new WebhookOutbox(db.DataSource).ClaimDueAsync(t, 10, TimeSpan.FromMinutes(1));

        Assert.Equal([message], claimedMessages.Select(m => m.Id));
        var webhook = Assert.Single(claimedWebhooks);
        Assert.Equal((subscription.Id, 1L, "https://carrier-one.example/a", "s", 0), (webhook.SubscriptionId, webhook.CarrierId, webhook.Url, webhook.Secret, webhook.Attempts));
        Assert.Equal(("川A11111", "overspeed"), (webhook.Alert.Plate, webhook.Alert.Event.Episode.Rule));
        await Assert.ThrowsAsync<Npgsql.PostgresException>(() => db.ExecuteAsync("INSERT INTO outbox (carrier_id) VALUES (1)"));
    }
}

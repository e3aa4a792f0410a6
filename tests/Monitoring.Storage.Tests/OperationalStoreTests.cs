using Monitoring.Storage.Tests.Infrastructure;

namespace Monitoring.Storage.Tests;

/// <summary>Rule-state checkpoints, the outbox, dead letters and reference data.</summary>
[Collection(PostgresCollection.Name)]
public sealed class OperationalStoreTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Checkpoints_load_per_partition_and_an_older_one_never_overwrites_a_newer_one()
    {
        await using var db = await postgres.CreateDatabaseAsync();
        var store = new RuleStateStore(db.DataSource);
        var t = Fixes.Utc(2026, 11, 20, 1);

        await store.SaveAsync(3, [new(11, [1, 2, 3], t), new(12, [4], t)]);
        await store.SaveAsync(4, [new(21, [9], t)]);
        await store.SaveAsync(3, [new(11, [7, 7], t.AddMinutes(1)), new(12, [0], t.AddMinutes(-1))]);
        await store.SaveAsync(3, [new(13, [1], t), new(13, [2], t.AddSeconds(1))]);

        var loaded = await store.LoadAsync(3);
        Assert.Equal([11L, 12L, 13L], loaded.Select(c => c.VehicleId));
        Assert.Equal([7, 7], loaded[0].State);
        Assert.Equal(t.AddMinutes(1), loaded[0].UpdatedAt);
        Assert.Equal([4], loaded[1].State);
        Assert.Equal([2], loaded[2].State);
        Assert.Equal([9], Assert.Single(await store.LoadAsync(4)).State);
    }

    [Fact]
    public async Task Outbox_messages_are_claimed_once_until_their_lease_ends_and_delivered_once()
    {
        await using var db = await postgres.CreateDatabaseAsync();
        var outbox = new OutboxStore(db.DataSource);
        var t = Fixes.Utc(2026, 11, 20, 1);
        long a = await outbox.EnqueueAsync(1, """{"plate":"川A11111","rule":"overspeed"}""", t);
        long b = await outbox.EnqueueAsync(2, """{"plate":"川A21111"}""", t.AddSeconds(1));
        await outbox.EnqueueAsync(1, """{"late":true}""", t.AddHours(1));

        var claimed = await outbox.ClaimDueAsync(t.AddMinutes(1), 10, TimeSpan.FromMinutes(5));
        var again = await outbox.ClaimDueAsync(t.AddMinutes(2), 10, TimeSpan.FromMinutes(5));
        await outbox.MarkDeliveredAsync(a, t.AddMinutes(2));
        await outbox.RetryAtAsync(b, t.AddMinutes(3));
        var retried = await outbox.ClaimDueAsync(t.AddMinutes(3), 10, TimeSpan.FromMinutes(5));

        Assert.Equal([a, b], claimed.Select(m => m.Id));
        Assert.Equal((1L, 1), (claimed[0].CarrierId, claimed[0].Attempts));
        Assert.Contains("川A11111", claimed[0].PayloadJson, StringComparison.Ordinal);
        Assert.Empty(again);
        Assert.Equal((b, 2), (Assert.Single(retried).Id, retried[0].Attempts));
        await Assert.ThrowsAsync<ArgumentException>(() => outbox.EnqueueAsync(1, "{not json", t));
    }

    [Fact]
    public async Task Dead_letters_keep_the_raw_bytes_and_the_reason()
    {
        await using var db = await postgres.CreateDatabaseAsync();
        var store = new DeadLetterStore(db.DataSource);
        var t = Fixes.Utc(2026, 11, 20, 1);
        byte[] raw = [0x7E, 0x02, 0x00, 0x7D, 0x7E];

        await store.AddAsync(new DeadLetter(t, "013800000099", "UnknownTerminal", raw, "jt808/up/013800000099"));
        await store.AddAsync(new DeadLetter(t.AddSeconds(1), null, "BadChecksum", [0x7E, 0x7E], null));

        var recent = await store.RecentAsync(10);
        Assert.Equal(["BadChecksum", "UnknownTerminal"], recent.Select(d => d.Reason));
        Assert.Equal(raw, recent[1].Raw);
        Assert.Equal(("013800000099", "jt808/up/013800000099"), (recent[1].Phone, recent[1].Topic));
        Assert.Null(recent[0].Phone);
    }

    [Fact]
    public async Task Reference_data_is_upserted_by_id()
    {
        await using var db = await postgres.CreateDatabaseAsync();
        var context = StorageContext.Plain(db);
        await Seed.ReferenceAsync(context);
        var store = new ReferenceStore(db.DataSource);

        await store.UpsertAsync(new VehicleRecord(13, "川A13333", 2, "charter", true, 90, "013800000099", 1, Seed.Jinjiang));
        await store.UpsertAsync(new DriverRecord(7, "张三", "510104198001011234", "IC0007", 1));
        await store.UpsertAsync(new DriverRecord(7, "张三", "510104198001011234", "IC0008", 1));

        var vehicles = await store.VehiclesAsync();
        Assert.Equal([11L, 12L, 13L, 21L, 22L], vehicles.Select(v => v.Id));
        Assert.Equal(new VehicleRecord(13, "川A13333", 2, "charter", true, 90, "013800000099", 1, Seed.Jinjiang), vehicles[2]);
        Assert.Null(vehicles[4].TerminalPhone);
        Assert.Equal("IC0008", await context.ScalarAsync<string>("SELECT ic_card FROM drivers WHERE id = 7"));
    }
}

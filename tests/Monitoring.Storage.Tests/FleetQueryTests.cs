using Monitoring.Storage.Tests.Infrastructure;

namespace Monitoring.Storage.Tests;

[Collection(PostgresCollection.Name)]
public sealed class FleetQueryTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Vehicles_are_online_when_their_last_fix_arrived_within_the_window()
    {
        await using var db = await postgres.CreateDatabaseAsync();
        await Online_within_the_window(StorageContext.Plain(db));
    }

    internal static async Task Online_within_the_window(StorageContext context)
    {
        await Seed.ReferenceAsync(context);
        var now = Fixes.Beijing(2026, 11, 20, 10, 5);
        // 11 (Jinjiang) 5 min ago, 12 (Qingyang) 30 min ago, 21 (Qingyang) 1 min ago; 13 and 22 never.
        await context.WriteAsync(
            Fixes.At(11, now.AddMinutes(-5), 1, receivedAt: now.AddMinutes(-5)),
            Fixes.At(11, now.AddMinutes(-50), 2, receivedAt: now.AddMinutes(-50)),
            Fixes.At(12, now.AddMinutes(-30), 1, receivedAt: now.AddMinutes(-30)),
            Fixes.At(21, now.AddMinutes(-1), 1, receivedAt: now.AddMinutes(-1)));

        var status = await new FleetQueries(context.DataSource).StatusByCountyAsync(now, TimeSpan.FromMinutes(10));
        var wider = await new FleetQueries(context.DataSource).StatusByCountyAsync(now, TimeSpan.FromHours(1));

        Assert.Equal(
        [
            new CountyFleetStatus(Seed.Jinjiang, "锦江区", Vehicles: 2, Online: 1, NeverReported: 1),
            new CountyFleetStatus(Seed.Qingyang, "青羊区", Vehicles: 3, Online: 1, NeverReported: 1),
        ], status);
        Assert.Equal([1, 2], status.Select(s => s.Offline));
        Assert.Equal([1, 2], wider.Select(s => s.Online));
    }
}

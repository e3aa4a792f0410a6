namespace Monitoring.Storage.Tests.Infrastructure;

/// <summary>
/// The hand-made fleet of the query tests. Carrier 1 has vehicles 11, 12, 13; carrier 2 has 21 and 22 (22 has no
/// terminal: not connected). Vehicles 11 and 13 are in county 510104; 12, 21 and 22 in county 510105.
/// </summary>
static class Seed
{
    public const int Jinjiang = 510104;
    public const int Qingyang = 510105;

    public static async Task ReferenceAsync(StorageContext context)
    {
        var store = new ReferenceStore(context.DataSource);
        await store.UpsertAsync(new County(Jinjiang, "锦江区"));
        await store.UpsertAsync(new County(Qingyang, "青羊区"));
        await store.UpsertAsync(new Carrier(1, "成都客运一公司", Jinjiang));
        await store.UpsertAsync(new Carrier(2, "青羊危货运输", Qingyang));
        await store.UpsertAsync(new VehicleRecord(11, "川A11111", 2, "tourist", false, 100, "013800000011", 1, Jinjiang));
        await store.UpsertAsync(new VehicleRecord(12, "川A12222", 2, "line_coach", true, 100, "013800000012", 1, Qingyang));
        await store.UpsertAsync(new VehicleRecord(13, "川A13333", 2, "charter", false, null, "013800000013", 1, Jinjiang));
        await store.UpsertAsync(new VehicleRecord(21, "川A21111", 2, "hazmat", false, 80, "013800000021", 2, Qingyang));
        await store.UpsertAsync(new VehicleRecord(22, "川A22222", 2, "hazmat", false, 80, null, 2, Qingyang));
    }
}

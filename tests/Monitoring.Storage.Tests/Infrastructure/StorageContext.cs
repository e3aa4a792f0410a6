using Npgsql;

namespace Monitoring.Storage.Tests.Infrastructure;

/// <summary>A migrated database of either path, for the scenarios that both paths must pass.</summary>
public sealed record StorageContext(NpgsqlDataSource DataSource, StoragePath Path)
{
    public static StorageContext Plain(TestDatabase db) => new(db.DataSource, StoragePath.Plain);

    /// <summary>Writes positions through the real writer (a throwaway spool beside the test).</summary>
    public async Task WriteAsync(params StoredPosition[] positions)
    {
        string folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"seed-{Guid.NewGuid():N}");
        try
        {
            await using var writer = new PositionWriter(DataSource, new() { SpoolPath = System.IO.Path.Combine(folder, "seed.spool") });
            Assert.Equal(WriteOutcome.Stored, await writer.WriteAsync(positions));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var command = DataSource.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}

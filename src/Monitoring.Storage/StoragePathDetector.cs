using Npgsql;

namespace Monitoring.Storage;

/// <summary>The path a database supports, and why, in words for the log.</summary>
public sealed record StoragePathDetection(StoragePath Path, string Reason);

/// <summary>Looks at the server: TimescaleDB is used when its extension is installed, or available and preloaded.</summary>
public static class StoragePathDetector
{
    public static async Task<StoragePathDetection> DetectAsync(NpgsqlConnection connection, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var command = new NpgsqlCommand("""
            SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb'),
                   EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb'),
                   current_setting('shared_preload_libraries')
            """, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        bool available = reader.GetBoolean(0);
        bool installed = reader.GetBoolean(1);
        bool preloaded = reader.GetString(2).Contains("timescaledb", StringComparison.OrdinalIgnoreCase);
        return (available, installed, preloaded) switch
        {
            (_, true, _) => new(StoragePath.Timescale, "the timescaledb extension is installed"),
            (true, false, true) => new(StoragePath.Timescale, "the timescaledb extension is available and preloaded"),
            (true, false, false) => new(StoragePath.Plain, "timescaledb is available but not in shared_preload_libraries, so it cannot be created"),
            _ => new(StoragePath.Plain, "the timescaledb extension is not available on this server"),
        };
    }
}

using Npgsql;

namespace Monitoring.Storage;

/// <summary>Sets the TimescaleDB compression and retention policies to <see cref="StorageOptions"/> (replacing the migration's defaults).</summary>
public static class TimescalePolicies
{
    public static async Task ApplyAsync(NpgsqlConnection connection, StorageOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                Command("SELECT remove_compression_policy('positions', if_exists => true)"),
                Command("SELECT add_compression_policy('positions', $1)", options.CompressAfter),
                Command("SELECT remove_retention_policy('positions', if_exists => true)"),
                Command("SELECT add_retention_policy('positions', $1)", options.PositionRetention),
                Command("SELECT remove_retention_policy('episodes', if_exists => true)"),
                Command("SELECT add_retention_policy('episodes', $1)", options.EpisodeRetention),
                Command("SELECT remove_retention_policy('alert_handling', if_exists => true)"),
                Command("SELECT add_retention_policy('alert_handling', $1)", options.EpisodeRetention),
            },
        };
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        batch.Transaction = transaction;
        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    static NpgsqlBatchCommand Command(string sql, TimeSpan? interval = null)
    {
        var command = new NpgsqlBatchCommand(sql);
        if (interval is { } value)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Interval });
        }

        return command;
    }
}

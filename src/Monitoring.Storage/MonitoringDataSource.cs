using Npgsql;

namespace Monitoring.Storage;

/// <summary>Builds the one <see cref="NpgsqlDataSource"/> the stores share (PostGIS types as NetTopologySuite).</summary>
public static class MonitoringDataSource
{
    /// <summary>The environment variable the host and <c>monitoring db migrate</c> read the connection string from.</summary>
    public const string ConnectionStringVariable = "Monitoring__Database__ConnectionString";

    public static NpgsqlDataSource Create(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        builder.UseNetTopologySuite();
        return builder.Build();
    }
}

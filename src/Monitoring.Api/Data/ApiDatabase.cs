using Npgsql;

namespace Monitoring.Api.Data;

/// <summary>The API's own connection pool, so that readers and the ingestion writer do not wait on each other's connections.</summary>
public sealed class ApiDatabase(NpgsqlDataSource dataSource) : IAsyncDisposable
{
    public NpgsqlDataSource DataSource { get; } = dataSource;

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();
}

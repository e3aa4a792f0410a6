using Monitoring.Storage;
using Npgsql;

namespace Monitoring.Testing;

/// <summary>A database of its own for one test, dropped afterwards.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    readonly Func<string, Task> _drop;

    public TestDatabase(string name, string connectionString, Func<string, Task> drop)
    {
        _drop = drop;
        Name = name;
        ConnectionString = connectionString;
        DataSource = MonitoringDataSource.Create(connectionString);
    }

    public string Name { get; }

    public string ConnectionString { get; }

    public NpgsqlDataSource DataSource { get; }

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var command = DataSource.CreateCommand(sql);
        object? value = await command.ExecuteScalarAsync();
        return (T)value!;
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var command = DataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The first column of every row.</summary>
    public async Task<List<T>> ColumnAsync<T>(string sql)
    {
        await using var command = DataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync();
        var list = new List<T>();
        while (await reader.ReadAsync())
        {
            list.Add(reader.GetFieldValue<T>(0));
        }

        return list;
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        await _drop(Name);
    }
}

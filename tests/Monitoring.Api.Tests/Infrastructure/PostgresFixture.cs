namespace Monitoring.Api.Tests.Infrastructure;

/// <summary>The run's PostgreSQL server (tests/Monitoring.Testing), plus one seeded app that the read-only tests share.</summary>
public sealed class PostgresFixture : Monitoring.Testing.PostgresFixture
{
    readonly Lock _sharedLock = new();
    Task<ApiApp>? _shared;

    /// <summary>One seeded app for the tests that only read (scope checks); tests that change data start their own.</summary>
    public Task<ApiApp> SharedAppAsync()
    {
        lock (_sharedLock)
        {
            return _shared ??= ApiApp.StartAsync(this);
        }
    }

    public override async Task DisposeAsync()
    {
        if (_shared is not null)
        {
            await (await _shared).DisposeAsync();
        }

        await base.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "PostgreSQL";
}

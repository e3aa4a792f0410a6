using Monitoring.Testing;

namespace Monitoring.Storage.Tests.Infrastructure;

/// <summary>The tests that share the run's PostgreSQL server (tests/Monitoring.Testing).</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "PostgreSQL";
}

using System.CommandLine;
using Microsoft.Extensions.Logging;
using Monitoring.Storage;
using Npgsql;

namespace Monitoring.Host.Commands;

/// <summary>`monitoring db …`: the PostgreSQL/TimescaleDB store.</summary>
static class DbCommand
{
    public static Command Create()
    {
        var command = new Command("db", "The PostgreSQL/TimescaleDB store.");
        command.Subcommands.Add(CreateMigrate());
        return command;
    }

    static Command CreateMigrate()
    {
        var connection = new Option<string?>("--connection")
        {
            Description = $"Npgsql connection string, e.g. \"Host=localhost;Database=monitoring;Username=monitoring;Password=…\" (default: the {MonitoringDataSource.ConnectionStringVariable} environment variable).",
        };
        var path = new Option<StoragePath?>("--path")
        {
            Description = "Force the storage path of a new database (Plain or Timescale); default: the recorded path, else TimescaleDB when the server has it.",
        };
        var migrate = new Command("migrate", "Apply the schema migrations (safe to run twice or on a live database), then create the partitions ahead / apply the TimescaleDB policies. Exit 1 on failure, 2 without a connection string.")
        {
            connection,
            path,
        };
        migrate.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            string? connectionString = parse.GetValue(connection) ?? Environment.GetEnvironmentVariable(MonitoringDataSource.ConnectionStringVariable);
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                await error.WriteLineAsync($"No connection string: pass --connection or set {MonitoringDataSource.ConnectionStringVariable}.");
                return 2;
            }

            var logger = new TextWriterLogger(output);
            try
            {
                await using var dataSource = MonitoringDataSource.Create(connectionString);
                var result = await new SchemaMigrator(dataSource, logger.For<SchemaMigrator>()).MigrateAsync(parse.GetValue(path), cancellationToken);
                await output.WriteLineAsync(result.Applied.Count == 0
                    ? $"Schema up to date ({result.AlreadyApplied} migrations, {result.Path} path)."
                    : $"Applied {result.Applied.Count} migrations ({result.AlreadyApplied} were already applied, {result.Path} path).");
                var report = await new PartitionMaintenance(dataSource, new StorageOptions(), logger.For<PartitionMaintenance>()).RunAsync(DateTime.UtcNow, cancellationToken);
                if (report.CreatedPartitions.Count > 0)
                {
                    await output.WriteLineAsync($"Created partitions: {string.Join(", ", report.CreatedPartitions)}.");
                }

                return 0;
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException or ArgumentException)
            {
                await error.WriteLineAsync($"Migration failed: {e.Message}");
                return 1;
            }
        });
        return migrate;
    }

    /// <summary>Storage's log lines on the command's output: "level: message".</summary>
    sealed class TextWriterLogger(TextWriter writer) : ILogger
    {
        public ILogger<T> For<T>() => new Typed<T>(this);

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                writer.WriteLine($"{logLevel.ToString().ToLowerInvariant()}: {formatter(state, exception)}");
            }
        }

        sealed class Typed<T>(TextWriterLogger inner) : ILogger<T>
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => inner.BeginScope(state);

            public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                inner.Log(logLevel, eventId, state, exception, formatter);
        }
    }
}

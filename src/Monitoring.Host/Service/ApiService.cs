using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Monitoring.Api;
using Monitoring.Storage;
using Monitoring.WebConsole;

namespace Monitoring.Host.Service;

/// <summary>
/// `monitoring api`: the HTTP API alone, without ingestion (a second instance for readers, or the API on another
/// machine). Same configuration as `monitoring serve`; the downlink goes to Monitoring:Mqtt:Broker, else to the
/// embedded broker port on 127.0.0.1 (where a `monitoring serve` on the same machine runs it).
/// </summary>
static class ApiService
{
    public static async Task<int> RunAsync(string[] configurationArgs, TextWriter error, CancellationToken cancellationToken)
    {
        var builder = ServiceBuilder.Create(configurationArgs);
        ServiceSettings settings;
        try
        {
            settings = ServiceSettings.Read(builder.Configuration);
            if (string.IsNullOrWhiteSpace(settings.ConnectionString))
            {
                await error.WriteLineAsync($"No database: set Monitoring:Database:ConnectionString (or the {MonitoringDataSource.ConnectionStringVariable} environment variable).");
                return 2;
            }

            builder.Services.AddMonitoringApi(settings.Api);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException)
        {
            await error.WriteLineAsync($"Configuration: {e.Message}");
            return 2;
        }

        builder.WebHost.UseUrls(settings.HttpUrls);

        // One pool for the migration and the health checks (a data source per check would open a pool per request).
        await using var dataSource = MonitoringDataSource.Create(settings.ConnectionString);
        builder.Services.AddHealthChecks().AddAsyncCheck("database", async ct =>
        {
            try
            {
                await using var command = dataSource.CreateCommand("SELECT 1");
                await command.ExecuteScalarAsync(ct);
                return HealthCheckResult.Healthy();
            }
            catch (Npgsql.NpgsqlException e)
            {
                return HealthCheckResult.Unhealthy(e.Message);
            }
        });

        await using var app = builder.Build();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Monitoring.Api");
        try
        {
            await new SchemaMigrator(dataSource, app.Services.GetRequiredService<ILoggerFactory>().CreateLogger<SchemaMigrator>()).MigrateAsync(null, cancellationToken);
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or InvalidOperationException)
        {
            await error.WriteLineAsync($"Database: {e.Message}");
            return 1;
        }

        app.MapHealthChecks("/health");
        app.MapHealthChecks("/alive", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions { Predicate = _ => false });
        app.MapMonitoringApi();
        app.MapMonitoringConsole();
        await app.StartAsync(cancellationToken);
        logger.LogInformation("API on {Urls} (docs: /api/docs); Ctrl+C stops.", settings.HttpUrls);
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, app.Lifetime.ApplicationStopping);
        try
        {
            await Task.Delay(Timeout.Infinite, stopping.Token);
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C.
        }

        await app.StopAsync(CancellationToken.None);
        return 0;
    }
}

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Monitoring.Api;
using Monitoring.Host.Broker;
using Monitoring.Ingestion;
using Monitoring.Storage;
using Monitoring.WebConsole;
using OpenTelemetry.Metrics;

namespace Monitoring.Host.Service;

/// <summary>
/// `monitoring serve` in one process: the embedded broker (unless an external one is configured), the schema,
/// the ingestion pipeline, and an HTTP host with health endpoints (/health, /alive), metrics (/metrics,
/// or OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set) and the API (/api, docs/api.md) unless Monitoring:Api:Enabled is false,
/// and the alert-delivery relays (webhooks, MQTT alert topics) unless Monitoring:Alerts:Enabled is false.
/// </summary>
static class MonitoringService
{
    public static async Task<int> RunAsync(string[] configurationArgs, Action<EpisodeNotice, VehicleRecord>? observer, TextWriter error, CancellationToken cancellationToken)
    {
        var builder = ServiceBuilder.Create(configurationArgs);
        ServiceSettings settings;
        try
        {
            settings = ServiceSettings.Read(builder.Configuration);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException)
        {
            await error.WriteLineAsync($"Configuration: {e.Message}");
            return 2;
        }

        if (string.IsNullOrWhiteSpace(settings.ConnectionString))
        {
            await error.WriteLineAsync($"No database: set Monitoring:Database:ConnectionString (or the {MonitoringDataSource.ConnectionStringVariable} environment variable).");
            return 2;
        }

        builder.WebHost.UseUrls(settings.HttpUrls);
        var holder = new ServiceHolder();
        builder.Services.AddSingleton(holder);
        builder.Services.AddHealthChecks()
            .AddCheck("mqtt", () => holder.Service is { } s && s.Sessions.All(x => x.IsConnected)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("not every partition session is connected"))
            .AddCheck("storage", () => holder.Service is { Fault: null } ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("positions are not durable"));
        builder.Services.AddOpenTelemetry().WithMetrics(m =>
        {
            m.AddMeter(IngestionMetrics.MeterName, "Monitoring.Storage", Monitoring.Alerts.AlertsMeter.Name);
            if (!string.IsNullOrEmpty(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
            {
                m.AddOtlpExporter();
            }
            else
            {
                m.AddPrometheusExporter();
            }
        });

        if (settings.ApiEnabled)
        {
            builder.Services.AddMonitoringApi(settings.Api);
        }

        await using var app = builder.Build();
        app.MapHealthChecks("/health");
        app.MapHealthChecks("/alive", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions { Predicate = _ => false });
        if (string.IsNullOrEmpty(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            app.MapPrometheusScrapingEndpoint();
        }

        if (settings.ApiEnabled)
        {
            app.MapMonitoringApi();
            app.MapMonitoringConsole();
        }

        var loggers = app.Services.GetRequiredService<ILoggerFactory>();
        var logger = loggers.CreateLogger("Monitoring.Service");
        await using var dataSource = MonitoringDataSource.Create(settings.ConnectionString);
        var migration = await new SchemaMigrator(dataSource, loggers.CreateLogger<SchemaMigrator>()).MigrateAsync(null, cancellationToken);
        logger.LogInformation("Schema ready ({Path} path, {Applied} migrations applied now).", migration.Path, migration.Applied.Count);

        EmbeddedBroker? embedded = null;
        var broker = settings.ExternalBroker;
        if (broker is null)
        {
            try
            {
                embedded = await EmbeddedBroker.StartAsync(settings.EmbeddedBrokerPort);
            }
            catch (System.Net.Sockets.SocketException e)
            {
                await error.WriteLineAsync($"The embedded MQTT broker cannot listen on 127.0.0.1:{settings.EmbeddedBrokerPort}: {e.Message}. Set Monitoring:Mqtt:EmbeddedPort, or Monitoring:Mqtt:Broker for an external broker.");
                return 2;
            }

            broker = new Simulation.BrokerAddress("127.0.0.1", embedded.Port);
            logger.LogInformation("Embedded MQTT broker on 127.0.0.1:{Port}.", embedded.Port);
        }

        try
        {
            await using var service = await IngestionService.StartAsync(settings.Ingestion, broker.Host, broker.Port, dataSource, settings.Writer, loggers, observer, cancellationToken);
            holder.Service = service;
            using var ingestionMetrics = new IngestionMetrics(service);
            await using var alerts = settings.AlertsEnabled
                ? AlertDelivery.Start(dataSource, broker.Host, broker.Port, loggers, settings.ApiEnabled ? app.Services.WakeAlertStream : null)
                : null;
            using var maintenanceStop = new CancellationTokenSource();
            var maintenance = RunMaintenanceAsync(dataSource, loggers, maintenanceStop.Token);
            await app.StartAsync(cancellationToken);
            logger.LogInformation("Serving on {Urls}; Ctrl+C stops.", settings.HttpUrls);

            // Ctrl+C reaches either the command line's token or the web host's lifetime, whichever registered first.
            using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, app.Lifetime.ApplicationStopping);
            try
            {
                while (service.Fault is null)
                {
                    await Task.Delay(500, stopping.Token);
                }
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C.
            }

            logger.LogInformation("Stopping: {Messages} messages, {Positions} positions, {Episodes} episode transitions.", service.Messages, service.Positions, service.EpisodesRecorded);
            await maintenanceStop.CancelAsync();
            await maintenance;
            await app.StopAsync(CancellationToken.None);
            return service.Fault is null ? 0 : 1;
        }
        finally
        {
            if (embedded is not null)
            {
                await embedded.DisposeAsync();
            }
        }
    }

    /// <summary>Partitions ahead, expired ones dropped, finished days rolled up: at start and every hour.</summary>
    static async Task RunMaintenanceAsync(Npgsql.NpgsqlDataSource dataSource, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var maintenance = new PartitionMaintenance(dataSource, new StorageOptions(), loggers.CreateLogger<PartitionMaintenance>());
        var logger = loggers.CreateLogger("Monitoring.Service");
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1));
        try
        {
            do
            {
                try
                {
                    await maintenance.RunAsync(DateTime.UtcNow, cancellationToken);
                }
                catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException or InvalidOperationException)
                {
                    logger.LogWarning(e, "Partition maintenance failed; it runs again within the hour.");
                }
            }
            while (await timer.WaitForNextTickAsync(cancellationToken));
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    /// <summary>Lets health checks see the pipeline once it has started.</summary>
    sealed class ServiceHolder
    {
        public IngestionService? Service { get; set; }
    }
}

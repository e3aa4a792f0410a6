using Microsoft.Extensions.Configuration;
using Monitoring.Api;
using Monitoring.Host.Simulation;
using Monitoring.Ingestion;
using Monitoring.Storage;

namespace Monitoring.Host.Service;

/// <summary>
/// The service's configuration: section <c>Monitoring</c> of appsettings.json, overridden by environment
/// variables (<c>Monitoring__Database__ConnectionString</c>, …). Every key is listed in the README.
/// </summary>
sealed record ServiceSettings(
    string ConnectionString,
    BrokerAddress? ExternalBroker,
    int EmbeddedBrokerPort,
    string HttpUrls,
    IngestionOptions Ingestion,
    PositionWriterOptions Writer,
    bool ApiEnabled,
    ApiOptions Api,
    bool AlertsEnabled)
{
    public static ServiceSettings Read(IConfiguration configuration)
    {
        var monitoring = configuration.GetSection("Monitoring");
        string connection = monitoring["Database:ConnectionString"] ?? "";
        string broker = monitoring["Mqtt:Broker"] ?? "";
        BrokerAddress? external = null;
        if (!string.IsNullOrWhiteSpace(broker))
        {
            if (!BrokerAddress.TryParse(broker, out var address, out string error))
            {
                throw new InvalidOperationException($"Monitoring:Mqtt:Broker: {error}");
            }

            external = address;
        }

        var ingestion = monitoring.GetSection("Ingestion").Get<IngestionOptions>() ?? new IngestionOptions();
        ingestion.Validate();
        var writer = new PositionWriterOptions
        {
            SpoolPath = monitoring["Database:SpoolPath"] ?? new PositionWriterOptions().SpoolPath,
            SpoolMaxBytes = monitoring.GetValue("Database:SpoolMaxBytes", new PositionWriterOptions().SpoolMaxBytes),
        };
        writer.Validate();
        int embeddedPort = monitoring.GetValue("Mqtt:EmbeddedPort", BrokerAddress.DefaultPort);
        return new ServiceSettings(
            connection,
            external,
            embeddedPort,
            monitoring["Http:Urls"] ?? "http://127.0.0.1:8080",
            ingestion,
            writer,
            monitoring.GetValue("Api:Enabled", true),
            ReadApi(monitoring, connection, external, embeddedPort),
            monitoring.GetValue("Alerts:Enabled", true));
    }

    /// <summary>The API's settings; its downlink goes to the service's broker (the external one, else the embedded one).</summary>
    static ApiOptions ReadApi(IConfigurationSection monitoring, string connection, BrokerAddress? external, int embeddedPort)
    {
        var defaults = new ApiOptions();
        return new ApiOptions
        {
            ConnectionString = connection,
            DownlinkHost = external?.Host ?? "127.0.0.1",
            DownlinkPort = external?.Port ?? embeddedPort,
            OnlineWindow = monitoring.GetValue("Api:OnlineWindow", defaults.OnlineWindow),
            StreamPollInterval = monitoring.GetValue("Api:StreamPollInterval", defaults.StreamPollInterval),
            StreamHeartbeat = monitoring.GetValue("Api:StreamHeartbeat", defaults.StreamHeartbeat),
            StreamClientQueue = monitoring.GetValue("Api:StreamClientQueue", defaults.StreamClientQueue),
        };
    }
}

using Microsoft.Extensions.Configuration;
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
    PositionWriterOptions Writer)
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
        return new ServiceSettings(
            connection,
            external,
            monitoring.GetValue("Mqtt:EmbeddedPort", BrokerAddress.DefaultPort),
            monitoring["Http:Urls"] ?? "http://127.0.0.1:8080",
            ingestion,
            writer);
    }
}

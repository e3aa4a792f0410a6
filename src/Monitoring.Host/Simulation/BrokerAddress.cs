using System.Globalization;

namespace Monitoring.Host.Simulation;

/// <summary>An MQTT broker's host and port, as given on the command line ("host:port" or "host").</summary>
sealed record BrokerAddress(string Host, int Port)
{
    public const int DefaultPort = 1883;

    public static bool TryParse(string? text, out BrokerAddress address, out string error)
    {
        address = new BrokerAddress("127.0.0.1", DefaultPort);
        error = "";
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        int colon = text.LastIndexOf(':');
        if (colon < 0)
        {
            address = new BrokerAddress(text, DefaultPort);
            return true;
        }

        if (!int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port is < 1 or > 65535 || colon == 0)
        {
            error = $"'{text}' is not host:port (port 1-65535).";
            return false;
        }

        address = new BrokerAddress(text[..colon], port);
        return true;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Host}:{Port}");
}

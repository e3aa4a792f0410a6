namespace Monitoring.Api;

/// <summary>Settings of the HTTP API (section <c>Monitoring:Api</c>, listed in the README).</summary>
public sealed class ApiOptions
{
    /// <summary>Npgsql connection string of the monitoring database.</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>Broker of the JT/T 808 downlink (<c>jt808/down/{phone}</c>): host. Null = no downlink (warnings answer 503).</summary>
    public string? DownlinkHost { get; set; }

    public int DownlinkPort { get; set; } = 1883;

    /// <summary>A vehicle is online when its last fix was received within this window.</summary>
    public TimeSpan OnlineWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often the live stream looks for new alert events when no notification woke it.</summary>
    public TimeSpan StreamPollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Comment lines sent on an idle stream so that proxies keep it open and a gone client is noticed.</summary>
    public TimeSpan StreamHeartbeat { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Events queued for one slow stream client before it is disconnected (it resumes with Last-Event-ID).</summary>
    public int StreamClientQueue { get; set; } = 10_000;

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            throw new InvalidOperationException("The API needs Monitoring:Database:ConnectionString.");
        }

        if (OnlineWindow <= TimeSpan.Zero || StreamPollInterval <= TimeSpan.Zero || StreamHeartbeat <= TimeSpan.Zero)
        {
            throw new InvalidOperationException("Monitoring:Api:OnlineWindow, StreamPollInterval and StreamHeartbeat must be positive.");
        }

        if (StreamClientQueue < 16)
        {
            throw new InvalidOperationException("Monitoring:Api:StreamClientQueue must be at least 16.");
        }
    }
}

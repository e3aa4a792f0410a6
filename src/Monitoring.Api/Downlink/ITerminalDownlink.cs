namespace Monitoring.Api.Downlink;

/// <summary>Sends a JT/T 808 frame to a terminal: MQTT <c>jt808/down/{phone}</c>, QoS 1, answered by the broker.</summary>
public interface ITerminalDownlink
{
    /// <summary>Completes when the broker has accepted the message; throws <see cref="DownlinkException"/> otherwise.</summary>
    Task SendAsync(string topic, ReadOnlyMemory<byte> frame, CancellationToken cancellationToken);
}

/// <summary>The downlink could not take a frame (no broker configured, broker unreachable, publish refused).</summary>
public sealed class DownlinkException(string message, Exception? inner = null) : Exception(message, inner);

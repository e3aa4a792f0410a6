namespace Monitoring.Ingestion;

/// <summary>Settings of the ingestion pipeline (configuration section <c>Monitoring:Ingestion</c>).</summary>
public sealed record IngestionOptions
{
    /// <summary>Uplink partitions of the deployment (the MQTT contract's partition count).</summary>
    public int Partitions { get; init; } = Protocol.Topics.MqttTopics.DefaultPartitionCount;

    /// <summary>Single-threaded rule workers; partition p belongs to worker p mod RuleWorkers.</summary>
    public int RuleWorkers { get; init; } = Math.Max(1, Environment.ProcessorCount);

    /// <summary>Fixes waiting per worker before MQTT reading slows down (backpressure).</summary>
    public int WorkerQueueCapacity { get; init; } = 16_384;

    /// <summary>Positions per COPY batch.</summary>
    public int BatchSize { get; init; } = 2_000;

    /// <summary>Longest wait before a partly filled batch is written (and its messages acknowledged).</summary>
    public TimeSpan BatchDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How often rule state is checkpointed.</summary>
    public TimeSpan CheckpointInterval { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How often the engines' clock advances (offline detection, closing quiet episodes).</summary>
    public TimeSpan ClockInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Wall: "now" is the server's clock (production). Device: "now" is the newest device time seen (replays, accelerated simulations).</summary>
    public EngineClockMode Clock { get; init; } = EngineClockMode.Wall;

    /// <summary>Device clock only: "now" trails the newest device time by this much, because fixes of different
    /// partitions arrive through different sessions and a fast replay runs minutes of device time per second.</summary>
    public TimeSpan DeviceClockLag { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Wall clock only: while a partition's fixes keep arriving, its clock runs at most this far ahead of its newest
    /// fix (a backlog after an outage is judged by its own time); a partition without a fix for this long runs on the wall clock.</summary>
    public TimeSpan BacklogGrace { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How often the vehicle register is read for vehicles registered while the service runs.</summary>
    public TimeSpan RegistrationInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>MQTT receive maximum per partition session: QoS 1 messages held unacknowledged while their batch is written.</summary>
    public ushort ReceiveMaximum { get; init; } = 65_535;

    public void Validate()
    {
        if (Partitions < 1 || RuleWorkers < 1 || WorkerQueueCapacity < 16 || BatchSize < 1)
        {
            throw new ArgumentException("Partitions, RuleWorkers and BatchSize must be at least 1, WorkerQueueCapacity at least 16.");
        }

        if (BatchDelay <= TimeSpan.Zero || CheckpointInterval <= TimeSpan.Zero || ClockInterval <= TimeSpan.Zero || BacklogGrace <= TimeSpan.Zero
            || RegistrationInterval <= TimeSpan.Zero)
        {
            throw new ArgumentException("BatchDelay, CheckpointInterval, ClockInterval, BacklogGrace and RegistrationInterval must be positive.");
        }
    }
}

public enum EngineClockMode
{
    Wall,
    Device,
}

namespace Monitoring.Simulation;

public sealed record SimulationOptions
{
    public int Seed { get; init; } = 808;

    /// <summary>Simulated start (device clock); default 2026-03-02 06:00 Beijing time.</summary>
    public DateTimeOffset Start { get; init; } = new(2026, 3, 2, 6, 0, 0, TimeSpan.FromHours(8));

    /// <summary>Chance that a vehicle acts out a scenario on a simulated day.</summary>
    public double EpisodeRate { get; init; } = 0.1;

    /// <summary>Scenarios forced on vehicles (by index) on the first day, for tests and demos.</summary>
    public IReadOnlyDictionary<int, ScenarioKind> Scenarios { get; init; } = new Dictionary<int, ScenarioKind>();

    /// <summary>Report interval while driving, seconds (JT/T 808 0x0029 default interval; 10-30 s in practice).</summary>
    public int MinReportSeconds { get; init; } = 10;

    public int MaxReportSeconds { get; init; } = 30;

    /// <summary>Short blind spots (tunnels) per hour of driving, each followed by a 0x0704 back-fill.</summary>
    public double BlindSpotRate { get; init; } = 0.1;
}

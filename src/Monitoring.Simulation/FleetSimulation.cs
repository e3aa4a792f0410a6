namespace Monitoring.Simulation;

/// <summary>
/// Runs a fleet on a simulated clock: each terminal speaks at its own report times, in device-time order,
/// producing the MQTT messages a real fleet would send and the ground truth of the episodes it acted out.
/// How fast simulated time passes against the wall clock is the caller's business.
/// </summary>
public sealed class FleetSimulation
{
    readonly VehicleAgent[] _agents;
    readonly PriorityQueue<int, (long Ticks, int Index)> _queue = new();
    readonly List<ActedEpisode> _truth = [];
    readonly List<Transmission> _batch = [];

    public FleetSimulation(Fleet fleet, SimulationOptions options)
    {
        Fleet = fleet;
        Now = options.Start;
        _agents = new VehicleAgent[fleet.Vehicles.Count];
        for (int i = 0; i < _agents.Length; i++)
        {
            _agents[i] = new VehicleAgent(fleet.Vehicles[i], options, fleet.Counties, _truth);
            _queue.Enqueue(i, (_agents[i].FirstTick.UtcTicks, i));
        }
    }

    public Fleet Fleet { get; }

    /// <summary>Simulated time reached so far.</summary>
    public DateTimeOffset Now { get; private set; }

    /// <summary>Episodes acted out so far (ground truth).</summary>
    public IReadOnlyList<ActedEpisode> GroundTruth => _truth;

    /// <summary>Runs every terminal tick up to <paramref name="until"/>, in time order, handing each message to <paramref name="send"/>.</summary>
    public long RunUntil(DateTimeOffset until, Action<Transmission> send)
    {
        long messages = 0;
        while (_queue.TryPeek(out int index, out var priority) && priority.Ticks <= until.UtcTicks)
        {
            _queue.Dequeue();
            var now = new DateTimeOffset(priority.Ticks, TimeSpan.Zero);
            _batch.Clear();
            var next = _agents[index].Tick(now, _batch);
            foreach (var transmission in _batch)
            {
                send(transmission);
                messages++;
            }

            _queue.Enqueue(index, (next.UtcTicks, index));
        }

        Now = until;
        return messages;
    }
}

using Monitoring.Protocol;
using Monitoring.Protocol.Topics;

namespace Monitoring.Ingestion;

/// <summary>
/// Terminal phone → vehicle, built from the vehicle register. Vehicles are grouped by the partition of their
/// phone (the MQTT contract's hash), and numbered densely within it, because rule state and checkpoints live
/// per partition. Lookups allocate nothing (<see cref="TerminalPhone"/> is an equatable struct). Terminals registered
/// later are added copy-on-write (<see cref="Plan"/>, then <see cref="Publish"/>): the hot path reads whichever table
/// is current without a lock, and a new terminal's slot is numbered after its partition's last.
/// </summary>
public sealed class TerminalDirectory
{
    volatile Dictionary<TerminalPhone, VehicleSlot> _slots;
    readonly List<long>[] _vehiclesByPartition;
    readonly int[] _counts;

    public TerminalDirectory(IEnumerable<(long VehicleId, TerminalPhone Phone)> terminals, int partitionCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partitionCount, 1);
        PartitionCount = partitionCount;
        _slots = [];
        _vehiclesByPartition = new List<long>[partitionCount];
        for (int p = 0; p < partitionCount; p++)
        {
            _vehiclesByPartition[p] = [];
        }

        foreach (var (vehicleId, phone) in terminals.OrderBy(t => t.VehicleId))
        {
            int partition = MqttTopics.PartitionOf(phone, partitionCount);
            var list = _vehiclesByPartition[partition];
            if (!_slots.TryAdd(phone, new VehicleSlot(vehicleId, partition, list.Count)))
            {
                throw new ArgumentException($"Terminal {phone} is registered twice.", nameof(terminals));
            }

            list.Add(vehicleId);
        }

        _counts = [.. _vehiclesByPartition.Select(l => l.Count)];
    }

    public int PartitionCount { get; }

    public int Count => _slots.Count;

    public bool TryFind(TerminalPhone phone, out VehicleSlot slot) => _slots.TryGetValue(phone, out slot);

    /// <summary>Vehicle ids of a partition at construction, in rule-engine index order.</summary>
    public IReadOnlyList<long> VehiclesOf(int partition) => _vehiclesByPartition[partition];

    /// <summary>True when the phone is already some vehicle's terminal.</summary>
    public bool Contains(TerminalPhone phone) => _slots.ContainsKey(phone);

    /// <summary>
    /// Numbers new terminals (after their partitions' last slots) without making them visible yet: the caller first
    /// gives the partitions' engines room for them, then calls <see cref="Publish"/>. One caller at a time.
    /// </summary>
    public IReadOnlyList<(VehicleSlot Slot, TerminalPhone Phone)> Plan(IEnumerable<(long VehicleId, TerminalPhone Phone)> terminals)
    {
        var plan = new List<(VehicleSlot, TerminalPhone)>();
        var seen = new HashSet<TerminalPhone>();
        foreach (var (vehicleId, phone) in terminals)
        {
            if (_slots.ContainsKey(phone) || !seen.Add(phone))
            {
                throw new ArgumentException($"Terminal {phone} is registered twice.", nameof(terminals));
            }

            int partition = MqttTopics.PartitionOf(phone, PartitionCount);
            plan.Add((new VehicleSlot(vehicleId, partition, _counts[partition]++), phone));
        }

        return plan;
    }

    /// <summary>Makes planned terminals visible to lookups.</summary>
    public void Publish(IReadOnlyList<(VehicleSlot Slot, TerminalPhone Phone)> plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var next = new Dictionary<TerminalPhone, VehicleSlot>(_slots);
        foreach (var (slot, phone) in plan)
        {
            next.Add(phone, slot);
        }

        _slots = next;
    }
}

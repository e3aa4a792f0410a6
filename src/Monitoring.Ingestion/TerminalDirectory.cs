using Monitoring.Protocol;
using Monitoring.Protocol.Topics;

namespace Monitoring.Ingestion;

/// <summary>
/// Terminal phone → vehicle, built from the vehicle register. Vehicles are grouped by the partition of their
/// phone (the MQTT contract's hash), and numbered densely within it, because rule state and checkpoints live
/// per partition. Lookups allocate nothing (<see cref="TerminalPhone"/> is an equatable struct).
/// </summary>
public sealed class TerminalDirectory
{
    readonly Dictionary<TerminalPhone, VehicleSlot> _slots;
    readonly List<long>[] _vehiclesByPartition;

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
    }

    public int PartitionCount { get; }

    public int Count => _slots.Count;

    public bool TryFind(TerminalPhone phone, out VehicleSlot slot) => _slots.TryGetValue(phone, out slot);

    /// <summary>Vehicle ids of a partition, in rule-engine index order.</summary>
    public IReadOnlyList<long> VehiclesOf(int partition) => _vehiclesByPartition[partition];
}

namespace Monitoring.Ingestion;

/// <summary>Where a terminal's vehicle lives: its id in the store, its partition, and its dense index in that partition's rule engine.</summary>
public readonly record struct VehicleSlot(long VehicleId, int Partition, int Index);

namespace Monitoring.Simulation;

/// <summary>One MQTT message a simulated terminal sends: one or more escaped JT/T 808 frames, at a simulated time.</summary>
public readonly record struct Transmission(DateTimeOffset Time, FleetVehicle Vehicle, byte[] Payload, int Positions);

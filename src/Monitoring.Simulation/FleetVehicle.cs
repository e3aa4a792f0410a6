using Monitoring.Protocol;

namespace Monitoring.Simulation;

/// <summary>Reference data of one simulated vehicle, as the platform's vehicle register would hold it.</summary>
/// <param name="Class">Rule-engine class name: tourist_coach, charter_coach, line_coach, rural_bus, hazmat, heavy_truck.</param>
/// <param name="PlateColor">JT/T 415 colour; large passenger and goods vehicles carry yellow plates (2).</param>
public sealed record FleetVehicle(
    int Index,
    string Id,
    string Plate,
    byte PlateColor,
    string Class,
    bool LongDistance,
    int SpeedLimitKmh,
    string CarrierId,
    string CountyCode,
    TerminalPhone Phone,
    Jt808Version ProtocolVersion)
{
    public bool IsPassenger => Class is "tourist_coach" or "charter_coach" or "line_coach" or "rural_bus";
}

/// <summary>A transport company (承运企业) in a county.</summary>
public sealed record Carrier(string Id, string Name, string CountyCode);

namespace Monitoring.Storage;

/// <summary>A county by its administrative division code (行政区划代码).</summary>
public sealed record County(int Id, string Name);

public sealed record Carrier(long Id, string Name, int CountyId);

/// <summary>A watched vehicle. <see cref="TerminalPhone"/> null = not connected (no terminal registered).</summary>
public sealed record VehicleRecord(
    long Id,
    string Plate,
    short PlateColour,
    string Class,
    bool LongDistance,
    short? SpeedLimitKmh,
    string? TerminalPhone,
    long CarrierId,
    int CountyId);

public sealed record DriverRecord(long Id, string Name, string? LicenceNo, string? IcCard, long? CarrierId);

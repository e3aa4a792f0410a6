namespace Monitoring.Api.Contracts;

/// <summary>A fix: time (device, UTC), position (WGS-84 degrees), speed and heading.</summary>
public sealed record PositionPoint(DateTime T, double Lat, double Lon, double SpeedKmh, int Direction);

/// <summary>A watched vehicle with its last fix; <see cref="Online"/>: that fix was received within the online window.</summary>
public sealed record Vehicle(
    long Id,
    string Plate,
    short PlateColour,
    string PlateColourName,
    string Class,
    long CarrierId,
    string CarrierName,
    int CountyId,
    string CountyName,
    string? TerminalPhone,
    bool Online,
    PositionPoint? LastPosition);

namespace Monitoring.Storage;

/// <summary>
/// An alert event with what the relays put in a message besides it: the vehicle's plate, the carrier's and
/// county's names (as stored now), and the episode's end, limit and maximum speed as stored now (a message built
/// late for an opened event may already carry the end). Null where the row is gone (an expired episode).
/// </summary>
public sealed record AlertEventDetail(
    AlertEvent Event,
    string? Plate,
    short? PlateColour,
    string? CarrierName,
    string? CountyName,
    DateTime? EndTime,
    double? LimitKmh,
    double? MaxSpeedKmh);

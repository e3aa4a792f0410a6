namespace Monitoring.Api.Contracts;

/// <summary>A line of a county's daily violation list (also the CSV/XLSX columns, in this order).</summary>
public sealed record ViolationRow(
    string AlertId,
    string Plate,
    short PlateColour,
    string PlateColourName,
    string Carrier,
    string Rule,
    DateTime Start,
    DateTime? End,
    long? DurationSeconds,
    double? MaxSpeedKmh,
    double? LimitKmh,
    short Severity,
    string Handling);

public sealed record RuleCount(string Rule, long Episodes);

public sealed record CarrierCount(long CarrierId, string CarrierName, long Episodes);

/// <summary>Episodes of a county's days by rule and by carrier.</summary>
public sealed record ViolationSummary(IReadOnlyList<RuleCount> ByRule, IReadOnlyList<CarrierCount> ByCarrier);

/// <summary>Episodes per Asia/Shanghai day and rule.</summary>
public sealed record EpisodeStat(DateOnly Day, string Rule, long Episodes);

/// <summary>Vehicles of a county within the caller's scope and how many are online.</summary>
public sealed record FleetStatusRow(int CountyId, string CountyName, int Vehicles, int Online, int Offline, int NeverReported);

/// <summary>The assessment rates of one county or carrier (docs/storage.md gives each formula); a rate is null when its denominator is 0.</summary>
public sealed record AssessmentRow(
    long GroupId,
    string GroupName,
    double? OnlineRate,
    double? TrackCompleteness,
    double? DataQualifiedRate,
    double? DriftRate,
    int ConnectedVehicles,
    int OnlineVehicles,
    long Records,
    long QualifiedRecords,
    double MileageKm,
    double IncompleteMileageKm,
    int DriftVehicles);

/// <summary>The caller.</summary>
public sealed record Me(string User, string Role, int? CountyId, long? CarrierId);

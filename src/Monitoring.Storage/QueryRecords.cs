namespace Monitoring.Storage;

/// <summary>One point of a track.</summary>
public readonly record struct TrackPoint(
    DateTime DeviceTime,
    int Serial,
    double Latitude,
    double Longitude,
    double SpeedKmh,
    int Direction,
    short AltitudeM,
    uint Alarm,
    uint Status);

/// <summary>A line of a county's daily violation list.</summary>
public sealed record ViolationListItem(EpisodeRecord Episode, string Plate, short PlateColour, string? LastHandlingStep);

/// <summary>Filter of <see cref="EpisodeQueries.EpisodesAsync"/>: start time in [<see cref="From"/>, <see cref="To"/>), the rest optional.</summary>
public sealed record EpisodeFilter(DateTime From, DateTime To)
{
    public long? CarrierId { get; init; }

    public int? CountyId { get; init; }

    public string? Rule { get; init; }

    /// <summary>Episodes of at least this severity.</summary>
    public short? MinSeverity { get; init; }
}

/// <summary>A page of episodes, newest first; <see cref="Next"/> is the cursor of the next page (null on the last).</summary>
public sealed record EpisodePage(IReadOnlyList<EpisodeRecord> Items, EpisodeKey? Next);

/// <summary>Daily episode count of one county, carrier and rule (Asia/Shanghai day of the episode start).</summary>
public sealed record DailyViolationCount(DateOnly Day, int CountyId, long CarrierId, string Rule, long Episodes);

/// <summary>Vehicles of a county and how many reported within the online window.</summary>
public sealed record CountyFleetStatus(int CountyId, string CountyName, int Vehicles, int Online, int NeverReported)
{
    public int Offline => Vehicles - Online;
}

/// <summary>How <see cref="AssessmentQueries.RatesAsync"/> groups vehicles.</summary>
public enum AssessmentGrouping
{
    Carrier,
    County,
}

/// <summary>
/// The assessment figures of RULES.md §5.2 for one carrier or county over a date range, with the counts they
/// come from (docs/storage.md states each formula). A rate is null when its denominator is zero.
/// </summary>
public sealed record AssessmentRates(
    long GroupId,
    string GroupName,
    int ConnectedVehicles,
    int OnlineVehicles,
    long Records,
    long QualifiedRecords,
    double MileageKm,
    double IncompleteMileageKm,
    int DriftVehicles)
{
    /// <summary>车辆上线率: vehicles with at least one record in the period ÷ connected vehicles.</summary>
    public double? OnlineRate => ConnectedVehicles == 0 ? null : (double)OnlineVehicles / ConnectedVehicles;

    /// <summary>轨迹完整率: (mileage − incomplete mileage) ÷ mileage.</summary>
    public double? TrackCompleteness => MileageKm <= 0 ? null : (MileageKm - IncompleteMileageKm) / MileageKm;

    /// <summary>数据合格率: qualified records ÷ records.</summary>
    public double? DataQualifiedRate => Records == 0 ? null : (double)QualifiedRecords / Records;

    /// <summary>卫星定位漂移车辆率: vehicles with a drift point ÷ online vehicles.</summary>
    public double? DriftRate => OnlineVehicles == 0 ? null : (double)DriftVehicles / OnlineVehicles;
}

namespace Monitoring.Rules;

/// <summary>
/// Engine-wide settings plus one <see cref="ClassProfile"/> per vehicle class.
/// <see cref="Default"/> is the default profile; <see cref="RuleProfileReader"/> reads JSON over it.
/// </summary>
public sealed record RuleProfile
{
    readonly ClassProfile[] _classes;

    public RuleProfile() : this(BuildDefaultClasses())
    {
    }

    RuleProfile(ClassProfile[] classes) => _classes = classes;

    public static RuleProfile Default { get; } = new();

    /// <summary>Fixes of one vehicle may arrive this much out of order and are still evaluated in time order.</summary>
    public int ReorderWindowSeconds { get; init; } = 120;

    /// <summary>Moving = speed above this ([S13a] uses &gt; 0; the issue 5 km/h to ignore GNSS jitter).</summary>
    public int MovingSpeedKmh { get; init; } = 5;

    /// <summary>Speeds above this are invalid ([S8] note ④: 0-160 km/h).</summary>
    public int MaxValidSpeedKmh { get; init; } = 160;

    /// <summary>An implied speed from the previous valid fix above this makes a drift point (RULES.md §12 suggestion).</summary>
    public int DriftSpeedKmh { get; init; } = 160;

    /// <summary>A gap between two fixes longer than this is not counted as driving, nor does it join speed runs.</summary>
    public int MaxDrivingGapSeconds { get; init; } = 300;

    /// <summary>A fix more than this ahead of the engine clock is "in the future" and invalid.</summary>
    public int FutureToleranceSeconds { get; init; } = 300;

    /// <summary>Open episodes of a blind-area backfill close when no backfilled fix has come for this long on the engine clock.</summary>
    public int BackfillIdleSeconds { get; init; } = 600;

    public ClassProfile For(VehicleClass vehicleClass) => _classes[(int)vehicleClass];

    /// <summary>A copy with one class replaced.</summary>
    public RuleProfile With(VehicleClass vehicleClass, ClassProfile profile)
    {
        var classes = (ClassProfile[])_classes.Clone();
        classes[(int)vehicleClass] = profile;
        return new RuleProfile(classes)
        {
            ReorderWindowSeconds = ReorderWindowSeconds,
            MovingSpeedKmh = MovingSpeedKmh,
            MaxValidSpeedKmh = MaxValidSpeedKmh,
            DriftSpeedKmh = DriftSpeedKmh,
            MaxDrivingGapSeconds = MaxDrivingGapSeconds,
            FutureToleranceSeconds = FutureToleranceSeconds,
            BackfillIdleSeconds = BackfillIdleSeconds,
        };
    }

    static ClassProfile[] BuildDefaultClasses()
    {
        var classes = new ClassProfile[VehicleClassNames.Count];
        for (var i = 0; i < classes.Length; i++)
        {
            classes[i] = ClassProfile.DefaultFor((VehicleClass)i);
        }
        return classes;
    }
}

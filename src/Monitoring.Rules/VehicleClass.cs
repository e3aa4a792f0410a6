namespace Monitoring.Rules;

/// <summary>The 两客一危 vehicle classes the profile distinguishes.</summary>
public enum VehicleClass : byte
{
    TouristCoach,
    CharterCoach,
    LineCoach,
    RuralBus,
    Hazmat,
    HeavyTruck,
}

/// <summary>Wire names of <see cref="VehicleClass"/> (profile keys, CSV column values).</summary>
public static class VehicleClassNames
{
    public const int Count = 6;

    public static string ToName(this VehicleClass vehicleClass) => vehicleClass switch
    {
        VehicleClass.TouristCoach => "tourist_coach",
        VehicleClass.CharterCoach => "charter_coach",
        VehicleClass.LineCoach => "line_coach",
        VehicleClass.RuralBus => "rural_bus",
        VehicleClass.Hazmat => "hazmat",
        VehicleClass.HeavyTruck => "heavy_truck",
        _ => throw new ArgumentOutOfRangeException(nameof(vehicleClass)),
    };

    public static bool TryParse(ReadOnlySpan<char> name, out VehicleClass vehicleClass)
    {
        for (var i = 0; i < Count; i++)
        {
            if (name.SequenceEqual(((VehicleClass)i).ToName()))
            {
                vehicleClass = (VehicleClass)i;
                return true;
            }
        }
        vehicleClass = default;
        return false;
    }

    /// <summary>Passenger classes get the night speed cap, the 2 h night fatigue limit and the 8 h/24 h rule.</summary>
    public static bool IsPassenger(this VehicleClass vehicleClass) => vehicleClass <= VehicleClass.RuralBus;
}

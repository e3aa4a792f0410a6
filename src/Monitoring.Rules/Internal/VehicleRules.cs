namespace Monitoring.Rules.Internal;

/// <summary>Per-vehicle constants resolved once from the vehicle list and the profile.</summary>
readonly struct VehicleRules
{
    public VehicleRules(Vehicle vehicle, ClassRules rules, int classIndex)
    {
        ClassIndex = classIndex;
        // A vehicle without a limit of its own (0) is held only to its class cap and the zones.
        DayLimit10 = Math.Min(vehicle.SpeedLimitKmh > 0 ? vehicle.SpeedLimitKmh * 10 : int.MaxValue, rules.SpeedCap10);
        NightBan = rules.NightBan && (vehicle.LongDistance || !rules.NightBanLongDistanceOnly);
    }

    public int ClassIndex { get; }
    /// <summary>min(vehicle limit, class cap) in 0.1 km/h; zones can only lower it.</summary>
    public int DayLimit10 { get; }
    public bool NightBan { get; }
}

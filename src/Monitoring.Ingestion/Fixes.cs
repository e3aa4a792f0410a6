using Monitoring.Protocol.Bodies;
using Monitoring.Rules;
using Monitoring.Storage;

namespace Monitoring.Ingestion;

/// <summary>The rule engine's view of a stored position: one conversion for live ingestion and restart catch-up.</summary>
static class Fixes
{
    public static Fix From(in StoredPosition position, int vehicleIndex) =>
        new(vehicleIndex,
            (position.DeviceTime.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerSecond,
            position.LatitudeE6,
            position.LongitudeE6,
            position.SpeedDkmh,
            position.Direction,
            (position.Status & StatusBits.AccOn) != 0,
            (position.Status & StatusBits.Positioned) != 0,
            position.Alarm);
}

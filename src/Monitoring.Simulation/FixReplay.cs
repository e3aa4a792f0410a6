using Monitoring.Protocol;
using Monitoring.Protocol.Bodies;

namespace Monitoring.Simulation;

/// <summary>
/// Turns a recorded track into the 0x0200 reports the fleet's terminals would have sent, in time order, so that a
/// file of fixes can be replayed through the real pipeline.
/// </summary>
public sealed class FixReplay(Fleet fleet)
{
    readonly Dictionary<int, TerminalFrames> _terminals = [];

    public IEnumerable<Transmission> Transmissions(IEnumerable<RecordedFix> fixes)
    {
        foreach (var fix in fixes.OrderBy(f => f.Time))
        {
            var vehicle = fleet.Vehicles[fix.VehicleIndex];
            if (!_terminals.TryGetValue(fix.VehicleIndex, out var frames))
            {
                frames = new TerminalFrames(vehicle);
                _terminals.Add(fix.VehicleIndex, frames);
            }

            uint status = (fix.AccOn ? StatusBits.AccOn : 0) | (fix.Valid ? StatusBits.Positioned : 0)
                | (fix.LatitudeE6 < 0 ? StatusBits.SouthLatitude : 0) | (fix.LongitudeE6 < 0 ? StatusBits.WestLongitude : 0);
            var basic = new LocationBasic(fix.Alarm, status, (uint)Math.Abs(fix.LatitudeE6), (uint)Math.Abs(fix.LongitudeE6), 0,
                (ushort)Math.Clamp(fix.Speed10, 0, ushort.MaxValue), (ushort)fix.Direction, Jt808Time.FromInstant(fix.Time));
            yield return new Transmission(fix.Time, vehicle, frames.Location(basic, 0), 1);
        }
    }
}

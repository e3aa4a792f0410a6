using Monitoring.Rules;
using Monitoring.Storage;

namespace Monitoring.Ingestion;

/// <summary>Turns engine transitions into stored episode states.</summary>
public static class EpisodeRecords
{
    /// <summary>
    /// The stored rule name. Terminal alarms carry their bit's name (<c>terminal_alarm:emergency</c>), because the
    /// store keys episodes by (vehicle, rule, start) and two bits may rise at the same fix.
    /// </summary>
    public static string RuleName(in EpisodeEvent e) =>
        e.Rule == RuleKind.TerminalAlarm && e.AlarmBit >= 0 ? "terminal_alarm:" + TerminalAlarmNames.ToName(e.AlarmBit) : e.Rule.ToName();

    public static EpisodeRecord From(in EpisodeNotice notice, VehicleRecord vehicle, DateTime nowUtc)
    {
        var e = notice.Event;
        var state = e.Transition switch
        {
            EpisodeTransition.Opened => EpisodeState.Opened,
            EpisodeTransition.Escalated => EpisodeState.Escalated,
            _ => EpisodeState.Closed,
        };
        return new EpisodeRecord(
            new EpisodeKey(notice.VehicleId, RuleName(e), DateTime.UnixEpoch.AddSeconds(e.Start)),
            state,
            (short)e.Severity,
            e.IsClosed ? DateTime.UnixEpoch.AddSeconds(e.End) : null,
            e.Limit10 > 0 ? e.Limit10 / 10.0 : null,
            e.MaxSpeed10 > 0 ? e.MaxSpeed10 / 10.0 : null,
            e.Late,
            vehicle.CarrierId,
            vehicle.CountyId,
            nowUtc);
    }
}

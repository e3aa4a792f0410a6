using System.Globalization;
using Monitoring.Api.Contracts;

namespace Monitoring.Api.Alerts;

/// <summary>The TTS text offered for warning a driver (RULES.md §6.1, §12: the 0x8300 reminder), short enough to be read out.</summary>
static class Warnings
{
    public static string Suggested(Alert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        string limit = alert.LimitKmh is { } l ? l.ToString("F0", CultureInfo.InvariantCulture) : "";
        return alert.Rule switch
        {
            "overspeed" when limit.Length > 0 => $"{alert.Plate}驾驶员请注意，您已超速行驶，此处限速{limit}公里每小时，请立即减速。",
            "overspeed" => $"{alert.Plate}驾驶员请注意，您已超速行驶，请立即减速。",
            "night_overspeed" => $"{alert.Plate}驾驶员请注意，夜间行驶限速{(limit.Length > 0 ? limit : "为白天的百分之八十")}公里每小时，请立即减速。",
            "night_ban" => $"{alert.Plate}驾驶员请注意，凌晨2时至5时禁止客车运行，请就近在安全地点停车休息。",
            "fatigue_continuous" => $"{alert.Plate}驾驶员请注意，您已连续驾驶超时，请尽快在安全地点停车休息20分钟以上。",
            "fatigue_cumulative" => $"{alert.Plate}驾驶员请注意，您今日累计驾驶已超时，请停车休息或换驾驶员驾驶。",
            "offline" => $"{alert.Plate}请注意，车载终端长时间未上报定位，请检查设备并保持在线。",
            "terminal_alarm:emergency" => $"{alert.Plate}，监控中心已收到您的紧急报警，请保持通讯畅通，注意安全。",
            _ => $"{alert.Plate}驾驶员请注意，监控中心发现{Labels.Rule(alert.Rule)}，请安全驾驶。",
        };
    }
}

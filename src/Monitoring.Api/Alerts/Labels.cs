namespace Monitoring.Api.Alerts;

/// <summary>Chinese names for the codes users read: plate colours (JT/T 415), rules, severities, handling states.</summary>
static class Labels
{
    public static string PlateColour(short code) => code switch
    {
        1 => "蓝",
        2 => "黄",
        3 => "黑",
        4 => "白",
        5 => "绿",
        _ => "其他",
    };

    public static string Rule(string rule) => rule switch
    {
        "overspeed" => "超速",
        "night_overspeed" => "夜间超速",
        "night_ban" => "凌晨2-5时违规运行",
        "fatigue_continuous" => "疲劳驾驶(连续驾驶超时)",
        "fatigue_cumulative" => "累计驾驶超时",
        "offline" => "长时间不在线",
        _ when rule.StartsWith(TerminalAlarmPrefix, StringComparison.Ordinal) => "终端报警:" + TerminalAlarm(rule[TerminalAlarmPrefix.Length..]),
        _ => rule,
    };

    public const string TerminalAlarmPrefix = "terminal_alarm:";

    static string TerminalAlarm(string name) => name switch
    {
        "emergency" => "紧急报警",
        "overspeed" => "超速报警",
        "fatigue" => "疲劳驾驶报警",
        "danger_warning" => "危险预警",
        "overspeed_prewarning" => "超速预警",
        "fatigue_prewarning" => "疲劳驾驶预警",
        "illegal_driving_time" => "违规行驶",
        "daily_driving_exceeded" => "当天累计驾驶超时",
        "overtime_parking" => "超时停车",
        "area_in_out" => "进出区域",
        "route_in_out" => "进出路线",
        "route_segment_time" => "路段行驶时间不足/过长",
        "route_deviation" => "路线偏离",
        "stolen" => "车辆被盗",
        "illegal_ignition" => "非法点火",
        "illegal_displacement" => "非法位移",
        "collision" => "碰撞预警",
        "rollover" => "侧翻预警",
        "illegal_door_open" => "非法开门",
        _ => name,
    };

    public static string Severity(short severity) => severity switch
    {
        (short)Monitoring.Rules.Severity.Warning => "预警",
        (short)Monitoring.Rules.Severity.L1 => "一级",
        (short)Monitoring.Rules.Severity.L2 => "二级",
        (short)Monitoring.Rules.Severity.L3 => "三级",
        (short)Monitoring.Rules.Severity.L4 => "四级",
        _ => severity.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public static string Handling(string state) => state switch
    {
        HandlingStates.New => "未处理",
        HandlingStates.Verifying => "核实中",
        HandlingStates.DriverWarned => "已提醒驾驶员",
        HandlingStates.Closed => "已办结",
        HandlingStates.Dismissed => "误报已排除",
        _ => state,
    };
}

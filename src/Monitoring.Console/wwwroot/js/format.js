// Chinese labels and Beijing-time formatting shared by every screen.
export const TimeZone = 'Asia/Shanghai';

const dateTime = new Intl.DateTimeFormat('zh-CN', {
  timeZone: TimeZone, year: 'numeric', month: '2-digit', day: '2-digit',
  hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
});
const timeOnly = new Intl.DateTimeFormat('zh-CN', { timeZone: TimeZone, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
const isoDay = new Intl.DateTimeFormat('en-CA', { timeZone: TimeZone, year: 'numeric', month: '2-digit', day: '2-digit' });

function parts(formatter, value) {
  const out = {};
  for (const p of formatter.formatToParts(value)) {
    out[p.type] = p.value;
  }
  return out;
}

/** 2026-11-20 14:03:05 in Beijing time ('' for nothing). */
export function beijing(value) {
  if (!value) {
    return '';
  }
  const p = parts(dateTime, new Date(value));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

/** 14:03:05 in Beijing time. */
export function beijingTime(value) {
  if (!value) {
    return '';
  }
  const p = parts(timeOnly, new Date(value));
  return `${p.hour}:${p.minute}:${p.second}`;
}

/** YYYY-MM-DD: the Beijing calendar day of an instant (default now), as the daily lists count days. */
export function beijingDay(value = Date.now()) {
  return isoDay.format(new Date(value));
}

/** The Beijing day n days before the given day string. */
export function dayBefore(day, n) {
  const d = new Date(`${day}T12:00:00+08:00`);
  d.setUTCDate(d.getUTCDate() - n);
  return beijingDay(d);
}

export function duration(seconds) {
  if (seconds === null || seconds === undefined) {
    return '';
  }
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = s % 60;
  if (h > 0) {
    return `${h}小时${m}分`;
  }
  if (m > 0) {
    return `${m}分${r}秒`;
  }
  return `${r}秒`;
}

export function speed(kmh) {
  return kmh === null || kmh === undefined ? '' : `${Number(kmh).toFixed(1)} km/h`;
}

export function percent(rate) {
  if (rate === null || rate === undefined || Number.isNaN(Number(rate))) {
    return '—';
  }
  return `${(Number(rate) * 100).toFixed(1)}%`;
}

const Rules = {
  overspeed: '超速',
  night_overspeed: '夜间超速',
  night_ban: '凌晨2–5时禁行',
  fatigue_continuous: '疲劳驾驶',
  fatigue_cumulative: '累计驾驶超时',
  offline: '脱离监控',
  terminal_alarm: '终端报警',
  drift: '定位漂移',
};

// JT/T 808 table 7.1 alarm bits by their wire names (Monitoring.Rules.TerminalAlarmNames).
const TerminalAlarms = {
  emergency: '紧急报警',
  overspeed: '终端超速报警',
  fatigue: '终端疲劳驾驶报警',
  danger_warning: '危险预警',
  gnss_module_fault: '定位模块故障',
  gnss_antenna_missing: '定位天线未接或剪断',
  gnss_antenna_short: '定位天线短路',
  power_undervoltage: '主电源欠压',
  power_lost: '主电源掉电',
  display_fault: '显示器故障',
  tts_fault: '语音模块故障',
  camera_fault: '摄像头故障',
  ic_card_module_fault: 'IC卡模块故障',
  overspeed_prewarning: '超速预警',
  fatigue_prewarning: '疲劳驾驶预警',
  illegal_driving_time: '违规时段行驶',
  tyre_pressure: '胎压异常',
  right_turn_blind_spot: '右转盲区异常',
  daily_driving_exceeded: '当天累计驾驶超时',
  overtime_parking: '超时停车',
  area_in_out: '进出区域',
  route_in_out: '进出路线',
  route_segment_time: '路段行驶时间异常',
  route_deviation: '路线偏离',
  vss_fault: 'VSS故障',
  fuel_abnormal: '油量异常',
  stolen: '车辆被盗',
  illegal_ignition: '非法点火',
  illegal_displacement: '非法位移',
  collision: '碰撞',
  rollover: '侧翻',
  illegal_door_open: '非法开门',
};

/** The rule's Chinese name; terminal alarms as 终端报警·紧急报警. */
export function ruleName(rule) {
  if (!rule) {
    return '';
  }
  const [kind, alarm] = String(rule).split(':');
  if (kind === 'terminal_alarm' && alarm) {
    return `终端报警·${TerminalAlarms[alarm] || alarm}`;
  }
  return Rules[kind] || rule;
}

/** The rules offered in filters. */
export const RuleChoices = [
  'overspeed', 'night_overspeed', 'night_ban', 'fatigue_continuous', 'fatigue_cumulative', 'offline', 'terminal_alarm:emergency',
];

// Monitoring.Rules.Severity: 1 warning, 2 L1 … 5 L4.
const Severities = { 1: '预警', 2: '一级', 3: '二级', 4: '三级', 5: '四级' };
const SeverityCodes = { 1: 'warning', 2: 'L1', 3: 'L2', 4: 'L3', 5: 'L4' };
const SeverityByCode = { warning: 1, L1: 2, L2: 3, L3: 4, L4: 5 };

export function severityNumber(severity) {
  if (typeof severity === 'number') {
    return severity;
  }
  return SeverityByCode[severity] ?? Number(severity);
}

export function severityName(severity) {
  const n = severityNumber(severity);
  return Severities[n] ? `${Severities[n]}（${SeverityCodes[n]}）` : String(severity ?? '');
}

export const SeverityChoices = [1, 2, 3, 4, 5];

const Handling = {
  new: '待处置',
  verifying: '核实中',
  driver_warned: '已提醒司机',
  closed: '已办结',
  dismissed: '已排除',
};

export function handlingName(state) {
  return Handling[state] || state || '';
}

export const HandlingChoices = Object.keys(Handling);

const Steps = {
  verify: '核实',
  verifying: '核实',
  warn: '语音提醒司机',
  driver_warned: '语音提醒司机',
  close: '办结',
  closed: '办结',
  dismiss: '排除（误报）',
  dismissed: '排除（误报）',
};

export function stepName(step) {
  return Steps[step] || step || '';
}

const EpisodeStates = { opened: '进行中', escalated: '已升级', closed: '已结束' };

export function episodeStateName(state) {
  return EpisodeStates[state] || state || '';
}

const Roles = { center: '市级监控中心', county: '县区监管', carrier: '运输企业' };

export function roleName(role) {
  return Roles[role] || role || '';
}

const Classes = {
  tourist_coach: '旅游客车', charter_coach: '包车客车', line_coach: '班线客车', rural_bus: '农村客运', hazmat: '危险货物运输车', heavy_truck: '重型货车',
};

export function vehicleClassName(cls) {
  return Classes[cls] || cls || '';
}

// JT/T 415 plate colours (1 blue, 2 yellow, 3 black, 4 white, 5 green, 9 other).
const PlateColours = { 1: ['蓝', 'blue'], 2: ['黄', 'yellow'], 3: ['黑', 'black'], 4: ['白', 'white'], 5: ['绿', 'green'], 9: ['其他', 'other'] };

/** A plate badge element coloured like the plate itself. */
export function plateBadge(plate, colour, colourName) {
  const [name, css] = PlateColours[colour] || [colourName || '', 'other'];
  const badge = el('span', { class: `plate plate-${css}`, title: `${colourName || name}牌` }, plate || '');
  badge.dataset.plate = plate || '';
  return badge;
}

export function plateColourName(colour, given) {
  return given || (PlateColours[colour] ? PlateColours[colour][0] : '');
}

/**
 * Urgent alerts catch the eye (and the ear): the emergency button, speeding at L3/L4 and fatigue.
 */
export function isUrgent(alert) {
  const rule = String(alert.rule || '');
  const severity = severityNumber(alert.severity);
  return rule === 'terminal_alarm:emergency'
    || ((rule === 'overspeed' || rule === 'night_overspeed') && severity >= 4)
    || rule.startsWith('fatigue');
}

/** Tiny DOM helper: el('td', {class: 'x'}, 'text', childNode…). */
export function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === undefined || value === null || value === false) {
      continue;
    }
    if (name.startsWith('on') && typeof value === 'function') {
      node.addEventListener(name.slice(2), value);
    } else if (value === true) {
      node.setAttribute(name, '');
    } else {
      node.setAttribute(name, String(value));
    }
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) {
      continue;
    }
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function option(value, label, selected) {
  return el('option', { value, selected: selected ? true : undefined }, label);
}

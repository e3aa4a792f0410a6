// 运行概览: vehicles online/offline by county, episodes by rule over the last 7 days, assessment rates.
import { api } from './api.js';
import { stackedBars, stackedColumns, Palette } from './charts.js';
import { beijingDay, dayBefore, el, percent, ruleName } from './format.js';

// Floors of the national assessment (RULES.md §5.2): below them the metric scores nothing.
const Rates = [
  ['onlineRate', '车辆上线率', null],
  ['trackCompleteness', '轨迹完整率', r => r < 0.7],
  ['dataQualifiedRate', '数据合格率', r => r < 0.8],
  ['driftRate', '卫星定位漂移车辆率', r => r > 0.05],
];

// One colour per rule on every chart, so that a rule is recognised at a glance from day to day.
const RuleColours = {
  overspeed: '#d62828', night_overspeed: '#9d0208', night_ban: '#7b2cbf', fatigue_continuous: '#f77f00',
  fatigue_cumulative: '#e9c46a', offline: '#6c757d', 'terminal_alarm:emergency': '#b5179e',
};

const Counts = {
  connectedVehicles: ['入网车辆', 0], onlineVehicles: ['上线车辆', 0], driftVehicles: ['漂移车辆', 0],
  records: ['定位记录', 0], qualifiedRecords: ['合格记录', 0], mileageKm: ['里程(km)', 1], incompleteMileageKm: ['不完整里程(km)', 1],
};

export function renderOverview(view) {
  const fleet = el('div', { id: 'overview-fleet' }, el('p', { class: 'muted' }, '加载中…'));
  const episodes = el('div', { id: 'overview-episodes' }, el('p', { class: 'muted' }, '加载中…'));
  const counties = el('div', { id: 'overview-assessment-county' }, el('p', { class: 'muted' }, '加载中…'));
  const carriers = el('div', { id: 'overview-assessment-carrier' }, el('p', { class: 'muted' }, '加载中…'));
  const today = beijingDay();
  const from = dayBefore(today, 6);
  view.replaceChildren(
    el('div', { class: 'overview-grid' },
      el('section', { class: 'card' }, el('h3', {}, '各县区车辆在线情况'), fleet),
      el('section', { class: 'card' }, el('h3', {}, '近7天违规（按类型）'), episodes),
      el('section', { class: 'card wide' }, el('h3', {}, `考核指标（按县区，${from} 至 ${today}）`), counties),
      el('section', { class: 'card wide' }, el('h3', {}, `考核指标（按业户，${from} 至 ${today}）`), carriers)));

  const fail = (box, error) => box.replaceChildren(el('p', { class: 'error' }, `加载失败：${error.message}`));
  api.fleetStatus().then(rows => fleet.replaceChildren(...fleetView(rows))).catch(e => fail(fleet, e));
  api.episodeStats(7).then(rows => episodes.replaceChildren(episodesView(rows, today))).catch(e => fail(episodes, e));
  api.assessment('county', from, today).then(rows => counties.replaceChildren(assessmentView(rows, 'county'))).catch(e => fail(counties, e));
  api.assessment('carrier', from, today).then(rows => carriers.replaceChildren(assessmentView(rows, 'carrier'))).catch(e => fail(carriers, e));
  return () => {};
}

function fleetView(rows) {
  if (rows.length === 0) {
    return [el('p', { class: 'muted' }, '权限范围内没有车辆。')];
  }
  // "offline" is every vehicle not online, those that never reported included: the bars split the two.
  const series = [
    { key: 'online', label: '在线', colour: '#2a9d4b' },
    { key: 'wentOffline', label: '离线（曾上线）', colour: '#f77f00' },
    { key: 'neverReported', label: '从未上线', colour: '#adb5bd' },
  ];
  const notOnline = r => Math.max(0, r.vehicles - r.online);
  const wentOffline = r => Math.max(0, r.vehicles - r.online - r.neverReported);
  const names = rows.map(r => r.countyName);
  const chart = stackedBars(names, series, (name, key) => {
    const r = rows.find(x => x.countyName === name);
    return key === 'wentOffline' ? wentOffline(r) : r?.[key] ?? 0;
  }, { title: '各县区在线、离线车辆' });
  const sum = f => rows.reduce((s, r) => s + f(r), 0);
  const table = el('table', { class: 'grid compact', id: 'fleet-table' },
    el('thead', {}, el('tr', {}, ['县区', '车辆', '在线', '离线', '其中从未上线', '在线率'].map((h, i) => el('th', { class: i > 0 ? 'num' : undefined }, h)))),
    el('tbody', {}, rows.map(r => el('tr', { 'data-county': r.countyId },
      el('td', {}, r.countyName), el('td', { class: 'num' }, r.vehicles), el('td', { class: 'num' }, r.online),
      el('td', { class: 'num' }, notOnline(r)), el('td', { class: 'num' }, r.neverReported),
      el('td', { class: 'num' }, r.vehicles ? percent(r.online / r.vehicles) : '—')))),
    el('tfoot', {}, el('tr', {}, el('td', {}, '合计'), el('td', { class: 'num' }, sum(r => r.vehicles)), el('td', { class: 'num' }, sum(r => r.online)),
      el('td', { class: 'num' }, sum(notOnline)), el('td', { class: 'num' }, sum(r => r.neverReported)),
      el('td', { class: 'num' }, sum(r => r.vehicles) ? percent(sum(r => r.online) / sum(r => r.vehicles)) : '—'))));
  return [chart, table];
}

function episodesView(rows, today) {
  const days = [];
  for (let i = 6; i >= 0; i--) {
    days.push(dayBefore(today, i));
  }
  const dayOf = d => String(d).slice(0, 10);
  const rules = [...new Set(rows.map(r => r.rule))].sort();
  if (rules.length === 0) {
    return el('p', { class: 'muted' }, '近7天没有违规。');
  }
  let spare = 0;
  const series = rules.map(rule => ({ key: rule, label: ruleName(rule), colour: RuleColours[rule] || Palette[5 + (spare++ % 5)] }));
  const value = (day, rule) => rows.filter(r => dayOf(r.day) === day && r.rule === rule).reduce((s, r) => s + r.episodes, 0);
  const chart = stackedColumns(days.map(d => d.slice(5)), series, (label, rule) => value(days.find(d => d.slice(5) === label), rule), { title: '近7天违规（按类型）' });
  chart.id = 'episodes-chart';
  return chart;
}

function assessmentView(rows, group) {
  if (rows.length === 0) {
    return el('p', { class: 'muted' }, '该时段没有考核数据（日汇总在次日生成）。');
  }
  const countKeys = Object.keys(Counts).filter(k => rows.some(r => typeof r[k] === 'number'));
  return el('div', { class: 'table-wrap' }, el('table', { class: 'grid compact', id: `assessment-${group}` },
    el('thead', {}, el('tr', {}, el('th', {}, group === 'county' ? '县区' : '业户'), Rates.map(([, label]) => el('th', { class: 'num' }, label)),
      countKeys.map(k => el('th', { class: 'num' }, Counts[k][0])))),
    el('tbody', {}, rows.map(r => el('tr', { 'data-group': r.groupId },
      el('td', {}, r.groupName),
      Rates.map(([key, , bad]) => el('td', { class: `num ${bad && typeof r[key] === 'number' && bad(r[key]) ? 'below' : ''}` },
        rateBar(r[key]))),
      countKeys.map(k => el('td', { class: 'num' }, typeof r[k] === 'number' ? r[k].toFixed(Counts[k][1]) : '')))))));
}

function rateBar(rate) {
  if (typeof rate !== 'number') {
    return '—';
  }
  const bar = el('span', { class: 'rate-bar' }, el('i'));
  bar.firstChild.style.width = `${Math.max(0, Math.min(1, rate)) * 100}%`;
  return el('span', { class: 'rate' }, bar, percent(rate));
}

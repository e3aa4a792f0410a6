// 实时报警: the live alert board. New episodes arrive over the stream without a reload; urgent ones are red.
import {
  beijing, duration, el, episodeStateName, handlingName, isUrgent, option, plateBadge, ruleName, RuleChoices,
  severityName, severityNumber, SeverityChoices, HandlingChoices,
} from './format.js';
import { loadAlerts, loadMore, setFilters, state, subscribe } from './store.js';

export function renderBoard(view) {
  const f = state.filters;
  const county = el('select', { id: 'filter-county', 'aria-label': '县区' }, option('', '全部县区'),
    state.counties.map(c => option(c.id, c.name, String(c.id) === String(f.county))));
  const carrier = el('select', { id: 'filter-carrier', 'aria-label': '业户' });
  const rule = el('select', { id: 'filter-rule', 'aria-label': '违规类型' }, option('', '全部类型'),
    RuleChoices.map(r => option(r, ruleName(r), r === f.rule)));
  const severity = el('select', { id: 'filter-severity', 'aria-label': '最低等级' }, option('', '全部等级'),
    SeverityChoices.map(s => option(s, `${severityName(s)}及以上`, String(s) === String(f.minSeverity))));
  const handling = el('select', { id: 'filter-handling', 'aria-label': '处置状态' }, option('', '全部状态'),
    HandlingChoices.map(h => option(h, handlingName(h), h === f.handling)));
  const fillCarriers = () => {
    carrier.replaceChildren(option('', '全部业户'), ...state.carriers
      .filter(c => !county.value || String(c.countyId) === county.value)
      .map(c => option(c.id, c.name, String(c.id) === String(state.filters.carrier))));
  };
  fillCarriers();
  const apply = () => setFilters({
    county: county.value, carrier: carrier.value, rule: rule.value, minSeverity: severity.value, handling: handling.value,
  });
  county.addEventListener('change', () => {
    fillCarriers();
    apply();
  });
  for (const select of [carrier, rule, severity, handling]) {
    select.addEventListener('change', apply);
  }

  const counters = el('div', { class: 'counters', id: 'board-counters' });
  const body = el('tbody', { id: 'board-rows' });
  const more = el('button', { type: 'button', class: 'ghost', id: 'board-more', onclick: () => loadMore() }, '加载更早的报警');
  const status = el('p', { class: 'muted', id: 'board-status' });
  view.replaceChildren(
    el('section', { class: 'panel' },
      el('div', { class: 'toolbar' },
        el('h2', {}, '实时报警', el('small', { class: 'muted' }, '　近24小时，按开始时间倒序')),
        el('div', { class: 'filters' }, county, carrier, rule, severity, handling,
          el('button', { type: 'button', class: 'ghost', onclick: () => loadAlerts() }, '刷新'))),
      counters,
      el('div', { class: 'table-wrap' },
        el('table', { class: 'grid board' },
          el('thead', {}, el('tr', {},
            ['开始时间', '车牌号', '业户', '县区', '违规类型', '等级', '最高/限速', '持续', '状态', '处置']
              .map((h, i) => el('th', { class: i === 6 || i === 7 ? 'num' : undefined }, h)))),
          body)),
      status, more));

  const draw = () => {
    const alerts = [...state.alerts.values()]
      .filter(a => !state.filters.handling || a.handling === state.filters.handling)
      .sort((a, b) => Date.parse(b.start) - Date.parse(a.start));
    body.replaceChildren(...alerts.map(row));
    const open = alerts.filter(a => a.handling === 'new' || a.handling === 'verifying' || a.handling === 'driver_warned');
    counters.replaceChildren(
      counter('报警', alerts.length, ''),
      counter('紧急未办结', alerts.filter(a => isUrgent(a) && a.handling !== 'closed' && a.handling !== 'dismissed').length, 'urgent'),
      counter('待处置', alerts.filter(a => a.handling === 'new').length, 'pending'),
      counter('处置中', open.length - alerts.filter(a => a.handling === 'new').length, ''),
      counter('新到达', alerts.filter(a => state.arrived.has(a.id)).length, 'fresh'));
    status.textContent = state.loading ? '加载中…' : state.loadError ? `加载失败：${state.loadError}` : alerts.length === 0 ? '暂无报警。新报警会自动出现在这里。' : '';
    more.hidden = !state.next;
  };
  draw();
  state.unseen.clear();
  return subscribe(what => {
    if (what === 'alerts' || what === 'event' || what === 'alert') {
      draw();
    }
    if (what === 'reference') {
      renderBoard(view);
    }
  });
}

function counter(label, value, kind) {
  return el('div', { class: `counter ${kind}` }, el('span', { class: 'value' }, value), el('span', { class: 'label' }, label));
}

function row(alert) {
  const urgent = isUrgent(alert);
  const fresh = state.arrived.has(alert.id);
  const done = alert.handling === 'closed' || alert.handling === 'dismissed';
  const classes = ['alert-row', urgent ? 'urgent' : '', fresh ? 'fresh' : '', done ? 'done' : ''].filter(Boolean).join(' ');
  const speed = alert.maxSpeedKmh !== null && alert.maxSpeedKmh !== undefined
    ? `${Number(alert.maxSpeedKmh).toFixed(0)}/${alert.limitKmh === null || alert.limitKmh === undefined ? '—' : Number(alert.limitKmh).toFixed(0)}`
    : '';
  const tr = el('tr', {
    class: classes, tabindex: 0, 'data-alert-id': alert.id, 'data-plate': alert.plate, 'data-rule': alert.rule,
    'data-urgent': urgent ? 'true' : 'false', 'data-handling': alert.handling,
    onclick: () => { location.hash = `#/alert/${encodeURIComponent(alert.id)}`; },
    onkeydown: e => {
      if (e.key === 'Enter') {
        location.hash = `#/alert/${encodeURIComponent(alert.id)}`;
      }
    },
  },
  el('td', { class: 'nowrap' }, beijing(alert.start), fresh ? el('span', { class: 'pill fresh-pill' }, '新') : null),
  el('td', {}, plateBadge(alert.plate, alert.plateColour, alert.plateColourName)),
  el('td', {}, alert.carrierName),
  el('td', {}, alert.countyName),
  el('td', {}, urgent ? el('span', { class: 'pill urgent-pill' }, '紧急') : null, ruleName(alert.rule)),
  el('td', { class: `sev sev-${severityNumber(alert.severity)}` }, severityName(alert.severity)),
  el('td', { class: 'num' }, speed),
  el('td', { class: 'num' }, alert.durationSeconds === null || alert.durationSeconds === undefined ? '' : duration(alert.durationSeconds)),
  el('td', {}, episodeStateName(alert.episodeState)),
  el('td', {}, el('span', { class: `pill handling handling-${alert.handling}` }, handlingName(alert.handling))));
  return tr;
}

// 每日违规清单: pick a county and a Beijing calendar day, see the list and its totals, download CSV/XLSX.
import { api, download } from './api.js';
import { beijing, beijingDay, dayBefore, duration, el, handlingName, option, plateBadge, ruleName, severityName } from './format.js';
import { state } from './store.js';
import { toast } from './toast.js';

let remembered = { county: '', date: '' };
let generation = 0;

export function renderLists(view) {
  const county = el('select', { id: 'list-county', 'aria-label': '县区' },
    state.counties.map(c => option(c.id, `${c.name}（${c.id}）`, String(c.id) === String(remembered.county))));
  const date = el('input', { id: 'list-date', type: 'date', value: remembered.date || beijingDay(), max: beijingDay(), 'aria-label': '日期' });
  const status = el('p', { class: 'muted', id: 'list-status' });
  const summary = el('div', { class: 'summary', id: 'list-summary' });
  const body = el('tbody', { id: 'list-rows' });
  const file = format => async () => {
    try {
      const name = await download(api.violationsFile(county.value, date.value, format), `违规清单_${county.value}_${date.value}.${format}`);
      toast(`已下载 ${name}`, 'ok');
    } catch (error) {
      toast(`下载失败：${error.message}`, 'error');
    }
  };
  const load = async () => {
    const mine = ++generation;
    remembered = { county: county.value, date: date.value };
    if (!county.value) {
      status.textContent = '您的权限范围内没有县区。';
      return;
    }
    status.textContent = '加载中…';
    body.replaceChildren();
    summary.replaceChildren();
    try {
      const [rows, totals] = await Promise.all([api.violations(county.value, date.value), api.summary(county.value, date.value).catch(() => null)]);
      if (mine !== generation) {
        return;
      }
      body.replaceChildren(...rows.map((r, i) => el('tr', {
        'data-plate': r.plate, 'data-rule': r.rule, 'data-alert-id': r.alertId, class: r.alertId ? 'link-row' : undefined, title: r.alertId ? '查看详情与处置' : undefined,
        onclick: r.alertId ? () => { location.hash = `#/alert/${encodeURIComponent(r.alertId)}`; } : undefined,
      },
        el('td', { class: 'num' }, i + 1),
        el('td', {}, plateBadge(r.plate, r.plateColour, r.plateColourName)),
        el('td', {}, r.carrier),
        el('td', {}, ruleName(r.rule)),
        el('td', { class: 'nowrap' }, beijing(r.start)),
        el('td', { class: 'nowrap' }, r.end ? beijing(r.end) : '未结束'),
        el('td', { class: 'num' }, r.durationSeconds === null || r.durationSeconds === undefined ? '' : duration(r.durationSeconds)),
        el('td', { class: 'num' }, r.maxSpeedKmh === null || r.maxSpeedKmh === undefined ? '' : Number(r.maxSpeedKmh).toFixed(1)),
        el('td', { class: 'num' }, r.limitKmh === null || r.limitKmh === undefined ? '' : Number(r.limitKmh).toFixed(0)),
        el('td', {}, severityName(r.severity)),
        el('td', {}, handlingName(r.handling)))));
      status.textContent = rows.length === 0 ? `${date.value} 没有违规记录。` : `${date.value}（北京时间）共 ${rows.length} 条违规记录。`;
      if (totals) {
        summary.append(
          el('div', { class: 'summary-block' }, el('h3', {}, '按违规类型'),
            el('ul', {}, (totals.byRule || []).map(r => el('li', {}, ruleName(r.rule), el('b', {}, r.episodes))))),
          el('div', { class: 'summary-block' }, el('h3', {}, '按业户'),
            el('ul', {}, (totals.byCarrier || []).map(c => el('li', {}, c.carrierName, el('b', {}, c.episodes))))));
      }
    } catch (error) {
      if (mine === generation) {
        status.textContent = `加载失败：${error.message}`;
      }
    }
  };
  const shift = days => () => {
    const next = days === 0 ? beijingDay() : dayBefore(date.value || beijingDay(), -days);
    if (next <= beijingDay()) {
      date.value = next;
      load();
    }
  };
  view.replaceChildren(
    el('section', { class: 'panel' },
      el('div', { class: 'toolbar' },
        el('h2', {}, '每日违规清单'),
        el('div', { class: 'filters' },
          el('label', { for: 'list-county' }, '县区'), county,
          el('label', { for: 'list-date' }, '日期'), date,
          el('button', { type: 'button', class: 'ghost', id: 'list-prev', onclick: shift(-1) }, '前一天'),
          el('button', { type: 'button', class: 'ghost', id: 'list-next', onclick: shift(1) }, '后一天'),
          el('button', { type: 'button', class: 'ghost', id: 'list-today', onclick: shift(0) }, '今天'),
          el('button', { type: 'button', class: 'primary', id: 'list-query', onclick: load }, '查询'),
          el('button', { type: 'button', class: 'ghost', id: 'download-csv', onclick: file('csv') }, '下载 CSV'),
          el('button', { type: 'button', class: 'ghost', id: 'download-xlsx', onclick: file('xlsx') }, '下载 Excel'))),
      status,
      summary,
      el('div', { class: 'table-wrap' },
        el('table', { class: 'grid', id: 'list-table' },
          el('thead', {}, el('tr', {},
            ['序号', '车牌号', '业户', '违规类型', '开始时间', '结束时间', '持续时长', '最高速度(km/h)', '限速(km/h)', '等级', '处置状态']
              .map((h, i) => el('th', { class: [0, 6, 7, 8].includes(i) ? 'num' : undefined }, h)))),
          body))));
  county.addEventListener('change', load);
  date.addEventListener('change', load);
  load();
  return () => {};
}

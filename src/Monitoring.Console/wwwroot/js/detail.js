// 报警详情与处置: the vehicle, the figures, the track around the episode, the handling steps and their history.
import { api, ApiError } from './api.js';
import {
  beijing, duration, el, episodeStateName, handlingName, isUrgent, plateBadge, plateColourName, ruleName, severityName,
  speed, stepName, vehicleClassName,
} from './format.js';
import { state, subscribe, updateAlert } from './store.js';
import { drawTrack } from './track.js';
import { toast } from './toast.js';

const Actions = [
  ['verify', '核实', 'primary'],
  ['warn', '下发语音提醒', 'warn'],
  ['close', '办结', 'primary'],
  ['dismiss', '排除（误报）', 'ghost danger'],
];

const Workflow = [['new', '待处置'], ['verifying', '核实'], ['driver_warned', '语音提醒司机'], ['closed', '办结']];

export function renderDetail(view, id) {
  let disposed = false;
  let track = null;
  let busy = false;
  let detail = null;
  state.arrived.delete(id);
  view.replaceChildren(el('p', { class: 'muted' }, '加载中…'));

  const load = async () => {
    try {
      detail = await api.alert(id);
      if (!disposed) {
        updateAlert(detail.alert);
        draw();
      }
    } catch (error) {
      if (!disposed) {
        view.replaceChildren(back(), el('p', { class: 'error' }, error.status === 404 ? '没有这条报警，或不在您的权限范围内。' : `加载失败：${error.message}`));
      }
    }
  };

  const act = async (action, note, text) => {
    if (busy) {
      return;
    }
    if (action === 'dismiss' && !note) {
      showError('排除误报需要在“处置说明”中填写原因。');
      return;
    }
    if (action === 'warn' && !text) {
      showError('请填写语音提醒内容。');
      return;
    }
    busy = true;
    try {
      const body = { action };
      if (note) {
        body.note = note;
      }
      if (action === 'warn') {
        body.text = text;
      }
      detail = await api.handle(id, body);
      updateAlert(detail.alert);
      toast(`${stepName(action)}：已记录`, 'ok');
      draw();
    } catch (error) {
      showError(error instanceof ApiError && error.status === 409 ? `当前状态不允许此操作：${error.message}` : `操作失败：${error.message}`);
      await load();
    } finally {
      busy = false;
    }
  };

  const showError = message => {
    const box = view.querySelector('#handling-error');
    if (box) {
      box.textContent = message;
      box.hidden = false;
    }
  };

  const draw = () => {
    const { alert, vehicle, driver } = detail;
    const allowed = new Set(detail.allowedActions || []);
    track?.dispose();
    const map = el('div', { class: 'track', id: 'track' });
    const finished = alert.handling === 'closed' || alert.handling === 'dismissed';
    const note = el('textarea', { id: 'handling-note', rows: 2, placeholder: '处置说明（排除误报时必填：原因）', hidden: finished });
    const tts = el('textarea', { id: 'tts-text', rows: 3, maxlength: 200, hidden: finished });
    tts.value = detail.suggestedWarning || '';
    const buttons = Actions.map(([action, label, kind]) => el('button', {
      type: 'button', class: kind, 'data-action': action, disabled: !allowed.has(action),
      title: allowed.has(action) ? '' : '当前状态不可用',
      onclick: () => act(action, note.value.trim(), tts.value.trim()),
    }, label));
    view.replaceChildren(
      back(),
      el('section', { class: `detail-head ${isUrgent(alert) ? 'urgent' : ''}`, id: 'detail-head', 'data-alert-id': alert.id },
        plateBadge(alert.plate, alert.plateColour, alert.plateColourName),
        el('h2', {}, ruleName(alert.rule)),
        isUrgent(alert) ? el('span', { class: 'pill urgent-pill' }, '紧急') : null,
        el('span', { class: `pill handling handling-${alert.handling}`, id: 'detail-handling', 'data-handling': alert.handling }, handlingName(alert.handling)),
        el('span', { class: 'muted' }, `${alert.carrierName}　${alert.countyName}`)),
      stepper(alert.handling),
      el('div', { class: 'detail-grid' },
        el('div', { class: 'detail-side' },
          card('车辆', facts([
            ['车牌号', plateBadge(vehicle?.plate ?? alert.plate, vehicle?.plateColour ?? alert.plateColour, vehicle?.plateColourName ?? alert.plateColourName)],
            ['车牌颜色', plateColourName(vehicle?.plateColour ?? alert.plateColour, vehicle?.plateColourName ?? alert.plateColourName)],
            ['车辆类型', vehicleClassName(vehicle?.class)],
            ['业户', vehicle?.carrierName ?? alert.carrierName],
            ['县区', vehicle?.countyName ?? alert.countyName],
            ['驾驶员', driver ? `${driver.name}${driver.licenceNo ? `（从业资格证 ${driver.licenceNo}）` : ''}` : '未知（未插卡签到）'],
            ['终端手机号', vehicle?.terminalPhone ?? ''],
            ['在线', vehicle ? (vehicle.online ? '在线' : '离线') : ''],
            ['最后定位', vehicle?.lastPosition ? `${beijing(vehicle.lastPosition.t)}　${speed(vehicle.lastPosition.speedKmh)}` : '无'],
          ]), 'card-vehicle'),
          card('违规数据', facts([
            ['违规类型', ruleName(alert.rule)],
            ['等级', severityName(alert.severity)],
            ['开始时间', beijing(alert.start)],
            ['结束时间', alert.end ? beijing(alert.end) : '尚未结束'],
            ['持续时长', alert.durationSeconds === null || alert.durationSeconds === undefined ? '' : duration(alert.durationSeconds)],
            ['最高速度', speed(alert.maxSpeedKmh)],
            ['限速', speed(alert.limitKmh)],
            ['超速比例', alert.maxSpeedKmh && alert.limitKmh ? `${(((alert.maxSpeedKmh - alert.limitKmh) / alert.limitKmh) * 100).toFixed(1)}%` : ''],
            ['报警状态', episodeStateName(alert.episodeState)],
            ['数据', alert.late ? '补传（迟到数据）' : '实时'],
          ]), 'card-figures'),
          card('处置', el('div', { class: 'handling-form' },
            finished ? el('p', { class: 'muted', id: 'handling-finished' }, alert.handling === 'dismissed' ? '已作为误报排除，处置结束。' : '已办结，处置结束。') : null,
            el('label', { for: 'tts-text', hidden: finished }, '语音提醒内容（TTS 下发到车载终端）'), tts,
            el('label', { for: 'handling-note', hidden: finished }, '处置说明'), note,
            el('p', { class: 'error', id: 'handling-error', role: 'alert', hidden: true }),
            el('div', { class: 'actions' }, buttons)), 'card-handling')),
        el('div', { class: 'detail-main' },
          card('轨迹（违规前后十分钟）', map, 'card-track'),
          card('处置记录', history(detail.handling || []), 'card-history'))));
    track = drawTrack(map, detail.track || [], { ...state.config, from: alert.start, to: alert.end });
  };

  const unsubscribe = subscribe((what, change) => {
    // The episode changed elsewhere (escalated, closed, handled by a colleague): show the new figures.
    if ((what === 'event') && change.alert.id === id && !busy) {
      load();
    }
  });
  load();
  return () => {
    disposed = true;
    track?.dispose();
    unsubscribe();
  };
}

function back() {
  return el('a', { href: '#/board', class: 'back' }, '← 返回实时报警');
}

function stepper(handling) {
  if (handling === 'dismissed') {
    return el('ol', { class: 'stepper' }, el('li', { class: 'done' }, '待处置'), el('li', { class: 'current dismissed' }, '已排除（误报）'));
  }
  const index = Workflow.findIndex(([s]) => s === handling);
  return el('ol', { class: 'stepper' }, Workflow.map(([, label], i) =>
    el('li', { class: i < index ? 'done' : i === index ? 'current' : '' }, label)));
}

function card(title, content, id) {
  return el('section', { class: 'card', id }, el('h3', {}, title), content);
}

function facts(rows) {
  return el('dl', { class: 'facts' }, rows.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v === '' || v === null || v === undefined ? '—' : v)]));
}

function history(steps) {
  if (steps.length === 0) {
    return el('p', { class: 'muted', id: 'history-empty' }, '尚未处置。');
  }
  return el('table', { class: 'grid', id: 'history' },
    el('thead', {}, el('tr', {}, ['时间', '步骤', '处置人', '说明'].map(h => el('th', {}, h)))),
    el('tbody', {}, steps.map(s => el('tr', { 'data-step': s.step },
      el('td', { class: 'nowrap' }, beijing(s.at)), el('td', {}, stepName(s.step)), el('td', {}, s.user), el('td', {}, s.note || '')))));
}

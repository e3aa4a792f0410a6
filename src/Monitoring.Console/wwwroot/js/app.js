// The console's shell: sign-in with an API key, the top bar, and a hash router over the four screens.
import { api, apiKey, onUnauthorized, setApiKey } from './api.js';
import { renderBoard } from './board.js';
import { renderDetail } from './detail.js';
import { beijingTime, isUrgent, roleName, ruleName } from './format.js';
import { renderLists } from './lists.js';
import { renderOverview } from './overview.js';
import { setSound, soundOn } from './sound.js';
import { loadReference, reset, startStream, state, subscribe } from './store.js';
import { toast } from './toast.js';

const $ = id => document.getElementById(id);
let disposeView = () => {};
let clockTimer = null;
let configReady = Promise.resolve();

function showSignIn(message) {
  $('shell').hidden = true;
  $('signin').hidden = false;
  const error = $('signin-error');
  error.hidden = !message;
  error.textContent = message || '';
  $('signin-key').value = '';
  $('signin-key').focus();
  document.title = '登录 · 两客一危动态监控值班台';
}

async function signIn(key) {
  const me = await api.me(key);
  setApiKey(key);
  state.me = me;
  await enterShell();
}

async function enterShell() {
  $('signin').hidden = true;
  $('shell').hidden = false;
  const me = state.me;
  const scope = me.role === 'county' ? `（${me.countyName || me.countyId}）` : me.role === 'carrier' ? `（${me.carrierName || me.carrierId}）` : '';
  $('who').textContent = `${me.user} · ${roleName(me.role)}${scope}`;
  $('who').dataset.role = me.role;
  await Promise.all([loadReference(), configReady]);
  if (me.role === 'carrier') {
    const carrier = state.carriers.find(c => String(c.id) === String(me.carrierId));
    if (carrier) {
      $('who').textContent = `${me.user} · ${roleName(me.role)}（${carrier.name}）`;
    }
  } else if (me.role === 'county') {
    const county = state.counties.find(c => String(c.id) === String(me.countyId));
    if (county) {
      $('who').textContent = `${me.user} · ${roleName(me.role)}（${county.name}）`;
    }
  }
  startStream();
  clockTimer ??= setInterval(tick, 1000);
  tick();
  if (!location.hash || location.hash === '#/' || location.hash === '#') {
    // No hashchange (and so no second render): the board is simply where a session starts.
    history.replaceState(null, '', '#/board');
  }
  route();
}

function signOut(message) {
  disposeView();
  disposeView = () => {};
  reset();
  setApiKey(null);
  showSignIn(message);
}

function tick() {
  $('clock').textContent = `北京时间 ${beijingTime(Date.now())}`;
}

function route() {
  if (!state.me) {
    return;
  }
  disposeView();
  const view = $('view');
  const hash = location.hash || '#/board';
  const alert = /^#\/alert\/(.+)$/.exec(hash);
  let tab = 'board';
  if (alert) {
    disposeView = renderDetail(view, decodeURIComponent(alert[1]));
    document.title = '报警详情 · 两客一危动态监控值班台';
  } else if (hash === '#/lists') {
    tab = 'lists';
    disposeView = renderLists(view);
    document.title = '每日违规清单 · 两客一危动态监控值班台';
  } else if (hash === '#/overview') {
    tab = 'overview';
    disposeView = renderOverview(view);
    document.title = '运行概览 · 两客一危动态监控值班台';
  } else {
    disposeView = renderBoard(view);
    document.title = '实时报警 · 两客一危动态监控值班台';
  }
  for (const a of document.querySelectorAll('.tabs a')) {
    a.classList.toggle('active', a.dataset.tab === tab);
  }
  updateBadge();
  window.scrollTo(0, 0);
}

function updateBadge() {
  const badge = $('badge-new');
  const count = state.unseen.size;
  badge.hidden = count === 0;
  badge.textContent = String(count);
}

const StreamStates = { connecting: ['连接中…', 'pending'], open: ['实时推送已连接', 'ok'], retrying: ['连接中断，正在重连', 'bad'], closed: ['未连接', 'bad'] };

function showSound() {
  const on = soundOn();
  const button = $('sound-toggle');
  button.textContent = on ? '提示音：开' : '提示音：关';
  button.classList.toggle('on', on);
  button.setAttribute('aria-pressed', on ? 'true' : 'false');
}

function start() {
  configReady = api.config().then(config => {
    state.config = config || {};
  });
  onUnauthorized(() => signOut('密钥已失效或被撤销，请重新登录。'));
  $('signin-form').addEventListener('submit', async e => {
    e.preventDefault();
    const key = $('signin-key').value.trim();
    const button = $('signin-submit');
    button.disabled = true;
    try {
      await signIn(key);
    } catch (error) {
      const error401 = error.status === 401 || error.status === 403;
      $('signin-error').textContent = error401 ? '密钥无效，请检查后重试。' : `无法登录：${error.message}`;
      $('signin-error').hidden = false;
    } finally {
      button.disabled = false;
    }
  });
  $('signout').addEventListener('click', () => signOut());
  $('sound-toggle').addEventListener('click', () => {
    setSound(!soundOn());
    showSound();
  });
  showSound();
  window.addEventListener('hashchange', route);
  subscribe((what, detail) => {
    if (what === 'stream') {
      const [text, kind] = StreamStates[state.streamState] || ['', ''];
      const status = $('stream-status');
      status.textContent = text;
      status.className = `stream-status ${kind}`;
      status.dataset.state = state.streamState;
      status.title = detail || text;
    }
    if (what === 'event') {
      updateBadge();
      const { alert, isNew } = detail;
      // Away from the board, urgent arrivals still catch the eye.
      if (isNew && isUrgent(alert) && location.hash !== '#/board') {
        toast(`紧急：${alert.plate} ${ruleName(alert.rule)}（${alert.carrierName}）`, 'urgent', () => {
          location.hash = `#/alert/${encodeURIComponent(alert.id)}`;
        });
      }
    }
  });
  const key = apiKey();
  if (!key) {
    showSignIn();
    return;
  }
  api.me(key).then(me => {
    state.me = me;
    return enterShell();
  }).catch(error => {
    if (error.status === 401) {
      setApiKey(null);
      showSignIn('密钥已失效，请重新登录。');
    } else {
      showSignIn(`无法连接服务：${error.message}`);
    }
  });
}

start();

// What the signed-in page knows: who is signed in, the scope's counties and carriers, and the alerts on the board,
// kept current by the live stream. Screens subscribe to changes.
import { api } from './api.js';
import { AlertStream } from './stream.js';
import { isUrgent } from './format.js';
import { beep } from './sound.js';

export const state = {
  me: null,
  config: {},
  counties: [],
  carriers: [],
  alerts: new Map(),
  next: null,
  loading: false,
  loadError: null,
  filters: { county: '', carrier: '', rule: '', minSeverity: '', handling: '' },
  streamState: 'closed',
  unseen: new Set(),
  arrived: new Set(),
};

const listeners = new Set();
let stream = null;
let loadGeneration = 0;

export function subscribe(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function changed(what, detail) {
  for (const listener of [...listeners]) {
    listener(what, detail);
  }
}

/** Keeps the newer of two copies of an alert (by updatedAt; the later arrival wins a tie). */
function merge(alert) {
  const known = state.alerts.get(alert.id);
  if (known && Date.parse(known.updatedAt) > Date.parse(alert.updatedAt)) {
    return known;
  }
  state.alerts.set(alert.id, alert);
  return alert;
}

export function carrierName(id) {
  return state.carriers.find(c => String(c.id) === String(id))?.name || '';
}

export function countyName(id) {
  return state.counties.find(c => String(c.id) === String(id))?.name || '';
}

export async function loadReference() {
  const [counties, carriers] = await Promise.all([api.counties(), api.carriers()]);
  state.counties = counties;
  state.carriers = carriers;
  changed('reference');
}

function serverFilters() {
  const f = state.filters;
  return { county: f.county, carrier: f.carrier, rule: f.rule, minSeverity: f.minSeverity };
}

/** Loads the first page of the last 24 hours' alerts under the current filters. */
export async function loadAlerts() {
  const generation = ++loadGeneration;
  state.loading = true;
  state.loadError = null;
  changed('alerts');
  try {
    const page = await api.alerts({ ...serverFilters(), handling: state.filters.handling, limit: 200 });
    if (generation !== loadGeneration) {
      return;
    }
    state.alerts = new Map();
    for (const alert of page.items) {
      merge(alert);
    }
    state.next = page.next;
  } catch (error) {
    if (generation === loadGeneration) {
      state.loadError = error.message;
    }
  } finally {
    if (generation === loadGeneration) {
      state.loading = false;
      changed('alerts');
    }
  }
}

export async function loadMore() {
  if (!state.next) {
    return;
  }
  const page = await api.alerts({ ...serverFilters(), handling: state.filters.handling, cursor: state.next, limit: 200 });
  for (const alert of page.items) {
    merge(alert);
  }
  state.next = page.next;
  changed('alerts');
}

/** An alert the page changed itself (handling): shown at once, before the stream repeats it. */
export function updateAlert(alert) {
  merge(alert);
  changed('alert', alert);
}

export function setFilters(filters) {
  const before = JSON.stringify(serverFilters());
  state.filters = { ...state.filters, ...filters };
  const after = JSON.stringify(serverFilters());
  if (before !== after) {
    startStream();
  } else {
    loadAlerts();
  }
}

function onEvent({ type, alert }) {
  const isNew = !state.alerts.has(alert.id);
  const kept = merge(alert);
  if (kept !== alert) {
    return;
  }
  if (isNew || type === 'escalated') {
    state.arrived.add(alert.id);
    if (location.hash !== '#/board' && location.hash !== '') {
      state.unseen.add(alert.id);
    }
    if (isUrgent(alert) && alert.handling !== 'closed' && alert.handling !== 'dismissed') {
      beep();
    }
  }
  changed('event', { type, alert, isNew });
}

/** (Re)starts the live stream under the board's filters, then reloads the list so that nothing falls in between. */
export function startStream() {
  stream?.stop();
  let first = true;
  const current = new AlertStream(serverFilters(), onEvent, (streamState, detail) => {
    state.streamState = streamState;
    changed('stream', detail);
    // The list loads once the stream is listening, so that nothing falls in between (or at once if the stream cannot
    // connect); it loads again when the stream reopens with no event id to resume from.
    if ((streamState === 'open' && (first || !current.lastEventId)) || (streamState === 'retrying' && first)) {
      first = false;
      loadAlerts();
    }
  });
  stream = current.start();
}

export function stopStream() {
  stream?.stop();
  stream = null;
}

export function reset() {
  stopStream();
  state.me = null;
  state.counties = [];
  state.carriers = [];
  state.alerts = new Map();
  state.next = null;
  state.unseen.clear();
  state.arrived.clear();
  state.filters = { county: '', carrier: '', rule: '', minSeverity: '', handling: '' };
}

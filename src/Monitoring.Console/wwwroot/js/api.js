// The API client: every call carries the signed-in key as a Bearer token (docs/api.md).
const KeyStorage = 'monitoring.apiKey';

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

let unauthorized = () => {};

export function onUnauthorized(handler) {
  unauthorized = handler;
}

export function apiKey() {
  return localStorage.getItem(KeyStorage);
}

export function setApiKey(key) {
  if (key) {
    localStorage.setItem(KeyStorage, key);
  } else {
    localStorage.removeItem(KeyStorage);
  }
}

export function authHeaders(key = apiKey()) {
  return key ? { Authorization: `Bearer ${key}` } : {};
}

/** A query string from an object, leaving out empty values. */
export function query(params) {
  const q = new URLSearchParams();
  for (const [name, value] of Object.entries(params || {})) {
    if (value !== undefined && value !== null && value !== '') {
      q.set(name, String(value));
    }
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

async function problemOf(response) {
  try {
    const type = response.headers.get('content-type') || '';
    if (type.includes('json')) {
      return await response.json();
    }
    const text = await response.text();
    return { title: text || response.statusText };
  } catch {
    return { title: response.statusText };
  }
}

/** GET/POST a JSON resource; throws ApiError with the problem details on failure. */
export async function request(path, { method = 'GET', body, key, signal } = {}) {
  const headers = { Accept: 'application/json', ...authHeaders(key) };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal });
  if (!response.ok) {
    const problem = await problemOf(response);
    if (response.status === 401 && key === undefined) {
      unauthorized();
    }
    throw new ApiError(response.status, problem);
  }
  if (response.status === 204) {
    return null;
  }
  return response.json();
}

/** Downloads a file the API produces (CSV/XLSX) through the page, so that the key stays in a header. */
export async function download(path, fallbackName) {
  const response = await fetch(path, { headers: authHeaders() });
  if (!response.ok) {
    const problem = await problemOf(response);
    if (response.status === 401) {
      unauthorized();
    }
    throw new ApiError(response.status, problem);
  }
  const blob = await response.blob();
  const name = fileNameOf(response.headers.get('content-disposition')) || fallbackName;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return name;
}

function fileNameOf(disposition) {
  if (!disposition) {
    return null;
  }
  const star = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(disposition);
  if (star) {
    try {
      return decodeURIComponent(star[1].trim());
    } catch {
      // fall through to the plain name
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/i.exec(disposition);
  return plain ? plain[1].trim() : null;
}

export const api = {
  me: key => request('/api/me', { key }),
  counties: () => request('/api/counties'),
  carriers: county => request(`/api/carriers${query({ county })}`),
  alerts: params => request(`/api/alerts${query(params)}`),
  alert: id => request(`/api/alerts/${encodeURIComponent(id)}`),
  handle: (id, body) => request(`/api/alerts/${encodeURIComponent(id)}/handling`, { method: 'POST', body }),
  violations: (county, date) => request(`/api/counties/${encodeURIComponent(county)}/violations${query({ date, format: 'json' })}`),
  violationsFile: (county, date, format) => `/api/counties/${encodeURIComponent(county)}/violations${query({ date, format })}`,
  summary: (county, date) => request(`/api/counties/${encodeURIComponent(county)}/summary${query({ date })}`),
  fleetStatus: () => request('/api/fleet/status'),
  episodeStats: days => request(`/api/stats/episodes${query({ days })}`),
  assessment: (group, from, to) => request(`/api/assessment${query({ group, from, to })}`),
  config: () => fetch('/console/config.json').then(r => (r.ok ? r.json() : {})).catch(() => ({})),
};

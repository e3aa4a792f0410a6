// The live alert stream (GET /api/alerts/stream) read with fetch(), so that the key travels in the
// Authorization header rather than in the URL. Reconnects with back-off and resumes from the last event id.
import { authHeaders, query } from './api.js';

export class AlertStream {
  /**
   * @param {object} filters county, carrier, rule, minSeverity
   * @param {(event: {id: string, type: string, alert: object}) => void} onEvent
   * @param {(state: 'connecting'|'open'|'retrying'|'closed', detail?: string) => void} onState
   */
  constructor(filters, onEvent, onState) {
    this.filters = filters;
    this.onEvent = onEvent;
    this.onState = onState;
    this.lastEventId = null;
    this.controller = null;
    this.stopped = false;
    this.delay = 1000;
  }

  start() {
    this.stopped = false;
    this.loop();
    return this;
  }

  stop() {
    this.stopped = true;
    this.controller?.abort();
    this.onState('closed');
  }

  async loop() {
    while (!this.stopped) {
      this.controller = new AbortController();
      this.onState('connecting');
      try {
        await this.read(this.controller.signal);
        if (!this.stopped) {
          this.onState('retrying', '服务端关闭了连接');
        }
      } catch (error) {
        if (this.stopped) {
          return;
        }
        if (error.status === 401) {
          this.onState('closed', '密钥无效');
          return;
        }
        this.onState('retrying', error.message);
      }
      await new Promise(resolve => setTimeout(resolve, this.delay));
      this.delay = Math.min(this.delay * 2, 15000);
    }
  }

  async read(signal) {
    const headers = { Accept: 'text/event-stream', ...authHeaders() };
    if (this.lastEventId) {
      headers['Last-Event-ID'] = this.lastEventId;
    }
    const response = await fetch(`/api/alerts/stream${query(this.filters)}`, { headers, signal, cache: 'no-store' });
    if (!response.ok || !response.body) {
      const error = new Error(`HTTP ${response.status}`);
      error.status = response.status;
      throw error;
    }
    this.onState('open');
    this.delay = 1000;
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    let event = { id: null, type: 'message', data: [] };
    for (;;) {
      const { value, done } = await reader.read();
      if (done) {
        return;
      }
      buffer += value;
      // Lines end in CRLF, LF or CR (HTML "server-sent events" §9.2.5); keep the unfinished last line.
      const lines = buffer.split(/\r\n|\n|\r/);
      buffer = lines.pop();
      for (const line of lines) {
        if (line === '') {
          if (event.data.length > 0) {
            this.dispatch(event);
          }
          event = { id: null, type: 'message', data: [] };
        } else if (!line.startsWith(':')) {
          const colon = line.indexOf(':');
          const field = colon < 0 ? line : line.slice(0, colon);
          let data = colon < 0 ? '' : line.slice(colon + 1);
          if (data.startsWith(' ')) {
            data = data.slice(1);
          }
          if (field === 'data') {
            event.data.push(data);
          } else if (field === 'event') {
            event.type = data;
          } else if (field === 'id') {
            event.id = data;
          } else if (field === 'retry' && /^\d+$/.test(data)) {
            this.delay = Number(data);
          }
        }
      }
    }
  }

  dispatch(event) {
    if (event.id) {
      this.lastEventId = event.id;
    }
    let alert;
    try {
      alert = JSON.parse(event.data.join('\n'));
    } catch {
      return;
    }
    this.onEvent({ id: event.id, type: event.type, alert });
  }
}

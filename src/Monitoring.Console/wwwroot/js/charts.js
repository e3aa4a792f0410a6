// Two small SVG charts, enough for the overview: stacked columns (by day) and stacked horizontal bars (by county).
const Ns = 'http://www.w3.org/2000/svg';

function svg(tag, attributes, ...children) {
  const node = document.createElementNS(Ns, tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    node.setAttribute(name, String(value));
  }
  for (const child of children) {
    node.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return node;
}

export const Palette = ['#d62828', '#f77f00', '#7b2cbf', '#1f6fb2', '#2a9d4b', '#6c757d', '#e9c46a', '#264653', '#b5838d', '#00a6a6'];

function niceMax(value) {
  if (value <= 5) {
    return 5;
  }
  const power = 10 ** Math.floor(Math.log10(value));
  for (const m of [1, 2, 2.5, 5, 10]) {
    if (m * power >= value) {
      return m * power;
    }
  }
  return 10 * power;
}

function legend(series) {
  const box = document.createElement('div');
  box.className = 'legend';
  for (const s of series) {
    const item = document.createElement('span');
    const swatch = document.createElement('i');
    swatch.style.background = s.colour;
    item.append(swatch, s.label);
    box.append(item);
  }
  return box;
}

/**
 * Stacked columns: one column per category (e.g. a day), one segment per series (e.g. a rule).
 * @param {string[]} categories
 * @param {{key:string, label:string, colour:string}[]} series
 * @param {(category:string, key:string) => number} value
 */
export function stackedColumns(categories, series, value, { height = 260, title = '' } = {}) {
  const width = Math.max(360, categories.length * 70 + 60);
  const plot = { left: 40, right: 10, top: 14, bottom: 30 };
  const totals = categories.map(c => series.reduce((sum, s) => sum + (value(c, s.key) || 0), 0));
  const max = niceMax(Math.max(0, ...totals));
  const innerH = height - plot.top - plot.bottom;
  const step = (width - plot.left - plot.right) / Math.max(1, categories.length);
  const barW = Math.min(42, step * 0.6);
  const root = svg('svg', { viewBox: `0 0 ${width} ${height}`, class: 'chart', role: 'img', 'aria-label': title });
  for (let i = 0; i <= 4; i++) {
    const v = (max / 4) * i;
    const y = plot.top + innerH - (v / max) * innerH;
    root.append(svg('line', { x1: plot.left, x2: width - plot.right, y1: y, y2: y, stroke: '#e3e7eb' }));
    root.append(svg('text', { x: plot.left - 6, y: y + 4, 'text-anchor': 'end', class: 'axis' }, String(Math.round(v))));
  }
  categories.forEach((c, i) => {
    const x = plot.left + step * i + (step - barW) / 2;
    let y = plot.top + innerH;
    for (const s of series) {
      const v = value(c, s.key) || 0;
      if (v <= 0) {
        continue;
      }
      const h = (v / max) * innerH;
      y -= h;
      const rect = svg('rect', { x, y, width: barW, height: h, fill: s.colour, 'data-category': c, 'data-series': s.key, 'data-value': v });
      rect.append(svg('title', {}, `${c} ${s.label}：${v}`));
      root.append(rect);
    }
    if (totals[i] > 0) {
      root.append(svg('text', { x: x + barW / 2, y: y - 3, 'text-anchor': 'middle', class: 'total' }, String(totals[i])));
    }
    root.append(svg('text', { x: x + barW / 2, y: height - 10, 'text-anchor': 'middle', class: 'axis' }, c));
  });
  const box = document.createElement('figure');
  box.className = 'chart-box';
  box.append(root, legend(series));
  return box;
}

/**
 * Stacked horizontal bars: one bar per category (e.g. a county), segments per series (online/offline/never).
 */
export function stackedBars(categories, series, value, { title = '' } = {}) {
  const rowH = 26;
  const plot = { left: 96, right: 60, top: 6 };
  const width = 560;
  const height = plot.top + categories.length * rowH + 6;
  const totals = categories.map(c => series.reduce((sum, s) => sum + (value(c, s.key) || 0), 0));
  const max = Math.max(1, ...totals);
  const innerW = width - plot.left - plot.right;
  const root = svg('svg', { viewBox: `0 0 ${width} ${height}`, class: 'chart', role: 'img', 'aria-label': title });
  categories.forEach((c, i) => {
    const y = plot.top + i * rowH;
    root.append(svg('text', { x: plot.left - 8, y: y + rowH / 2 + 4, 'text-anchor': 'end', class: 'axis' }, c));
    let x = plot.left;
    for (const s of series) {
      const v = value(c, s.key) || 0;
      if (v <= 0) {
        continue;
      }
      const w = (v / max) * innerW;
      const rect = svg('rect', { x, y: y + 4, width: w, height: rowH - 8, fill: s.colour, 'data-category': c, 'data-series': s.key, 'data-value': v });
      rect.append(svg('title', {}, `${c} ${s.label}：${v}`));
      root.append(rect);
      x += w;
    }
    root.append(svg('text', { x: x + 6, y: y + rowH / 2 + 4, class: 'total' }, String(totals[i])));
  });
  const box = document.createElement('figure');
  box.className = 'chart-box';
  box.append(root, legend(series));
  return box;
}

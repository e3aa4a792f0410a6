// Draws a vehicle's track on a canvas: over map tiles when a tile URL is configured, else on a plain
// longitude/latitude grid with a scale bar, so that the track shows with no map service at all.
import { beijing, speed as speedText } from './format.js';

const Font = '12px "WenQuanYi Micro Hei", "Microsoft YaHei", "PingFang SC", sans-serif';
const Tile = 256;
const tileCache = new Map();

/**
 * @param {HTMLElement} host element to draw into (gets a canvas and a caption)
 * @param {Array<{t:string, lat:number, lon:number, speedKmh:number}>} points
 * @param {{tileUrl?:string, tileSubdomains?:string, tileMaxZoom?:number, tileAttribution?:string, from?:string, to?:string|null}} options
 */
export function drawTrack(host, points, options = {}) {
  const canvas = document.createElement('canvas');
  canvas.className = 'track-canvas';
  canvas.setAttribute('role', 'img');
  const caption = document.createElement('div');
  caption.className = 'track-caption muted';
  host.replaceChildren(canvas, caption);
  const track = points.filter(p => Number.isFinite(p.lat) && Number.isFinite(p.lon));
  const from = options.from ? Date.parse(options.from) : null;
  const to = options.to ? Date.parse(options.to) : null;
  const inEpisode = p => from !== null && Date.parse(p.t) >= from && (to === null || Date.parse(p.t) <= to);
  canvas.setAttribute('aria-label', `轨迹：${track.length} 个定位点`);
  canvas.dataset.points = String(track.length);
  canvas.dataset.mode = options.tileUrl ? 'tiles' : 'plain';
  let projection = null;

  const render = () => {
    const width = Math.max(200, host.clientWidth || 600);
    const height = Math.max(240, Math.round(width * 0.6));
    const ratio = window.devicePixelRatio || 1;
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    canvas.style.width = `${width}px`;
    canvas.style.height = `${height}px`;
    const g = canvas.getContext('2d');
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    g.font = Font;
    if (track.length === 0) {
      g.fillStyle = '#f4f6f8';
      g.fillRect(0, 0, width, height);
      g.fillStyle = '#667';
      g.textAlign = 'center';
      g.fillText('该时段没有定位数据', width / 2, height / 2);
      caption.textContent = '';
      return;
    }
    projection = options.tileUrl ? tileProjection(track, width, height, options.tileMaxZoom ?? 18) : plainProjection(track, width, height);
    if (options.tileUrl) {
      drawTiles(g, projection, width, height, options, render);
    } else {
      drawGrid(g, projection, width, height);
    }
    drawLine(g, track, projection, inEpisode);
    drawScale(g, projection, height);
    if (options.tileUrl && options.tileAttribution) {
      g.textAlign = 'right';
      g.fillStyle = 'rgba(255,255,255,0.8)';
      const w = g.measureText(options.tileAttribution).width + 8;
      g.fillRect(width - w, height - 18, w, 18);
      g.fillStyle = '#333';
      g.fillText(options.tileAttribution, width - 4, height - 5);
    }
    caption.textContent = `${track.length} 个定位点，${beijing(track[0].t)} 至 ${beijing(track[track.length - 1].t)}（北京时间）。红色为违规时段。`;
  };

  canvas.addEventListener('mousemove', e => {
    if (!projection) {
      return;
    }
    const rect = canvas.getBoundingClientRect();
    const x = e.clientX - rect.left;
    const y = e.clientY - rect.top;
    let best = null;
    let bestDistance = 144;
    for (const p of track) {
      const [px, py] = projection.project(p.lon, p.lat);
      const d = (px - x) ** 2 + (py - y) ** 2;
      if (d < bestDistance) {
        bestDistance = d;
        best = p;
      }
    }
    if (best) {
      caption.textContent = `${beijing(best.t)}　${speedText(best.speedKmh)}　${best.lat.toFixed(5)}°N ${best.lon.toFixed(5)}°E`;
    }
  });

  render();
  const observer = new ResizeObserver(() => render());
  observer.observe(host);
  return { redraw: render, dispose: () => observer.disconnect() };
}

function bounds(track) {
  let minLat = Infinity;
  let maxLat = -Infinity;
  let minLon = Infinity;
  let maxLon = -Infinity;
  for (const p of track) {
    minLat = Math.min(minLat, p.lat);
    maxLat = Math.max(maxLat, p.lat);
    minLon = Math.min(minLon, p.lon);
    maxLon = Math.max(maxLon, p.lon);
  }
  return { minLat, maxLat, minLon, maxLon };
}

/** Local equirectangular projection in kilometres, fitted to the canvas with a margin. */
function plainProjection(track, width, height) {
  const b = bounds(track);
  const lat0 = (b.minLat + b.maxLat) / 2;
  const lon0 = (b.minLon + b.maxLon) / 2;
  const kx = 111.320 * Math.cos((lat0 * Math.PI) / 180);
  const ky = 110.574;
  const spanX = Math.max((b.maxLon - b.minLon) * kx, 0.5);
  const spanY = Math.max((b.maxLat - b.minLat) * ky, 0.5);
  const pad = 40;
  const pxPerKm = Math.min((width - 2 * pad) / spanX, (height - 2 * pad) / spanY);
  const project = (lon, lat) => [width / 2 + (lon - lon0) * kx * pxPerKm, height / 2 - (lat - lat0) * ky * pxPerKm];
  const unproject = (x, y) => [lon0 + (x - width / 2) / pxPerKm / kx, lat0 - (y - height / 2) / pxPerKm / ky];
  return { project, unproject, metresPerPixel: 1000 / pxPerKm };
}

function mercator(lon, lat, zoom) {
  const size = Tile * 2 ** zoom;
  const s = Math.sin((Math.max(-85, Math.min(85, lat)) * Math.PI) / 180);
  return [((lon + 180) / 360) * size, (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * size];
}

/** Web Mercator at the largest zoom that fits the track. */
function tileProjection(track, width, height, maxZoom) {
  const b = bounds(track);
  let zoom = Math.min(maxZoom, 17);
  for (; zoom > 1; zoom--) {
    const [x0, y0] = mercator(b.minLon, b.maxLat, zoom);
    const [x1, y1] = mercator(b.maxLon, b.minLat, zoom);
    if (x1 - x0 <= width - 80 && y1 - y0 <= height - 80) {
      break;
    }
  }
  const [cx, cy] = mercator((b.minLon + b.maxLon) / 2, (b.minLat + b.maxLat) / 2, zoom);
  const left = cx - width / 2;
  const top = cy - height / 2;
  const project = (lon, lat) => {
    const [x, y] = mercator(lon, lat, zoom);
    return [x - left, y - top];
  };
  const lat0 = (b.minLat + b.maxLat) / 2;
  return { project, zoom, left, top, metresPerPixel: (156543.03392 * Math.cos((lat0 * Math.PI) / 180)) / 2 ** zoom };
}

function drawTiles(g, projection, width, height, options, redraw) {
  g.fillStyle = '#e8ecef';
  g.fillRect(0, 0, width, height);
  const { zoom, left, top } = projection;
  const count = 2 ** zoom;
  const subdomains = options.tileSubdomains || 'abc';
  for (let tx = Math.floor(left / Tile); tx <= Math.floor((left + width) / Tile); tx++) {
    for (let ty = Math.floor(top / Tile); ty <= Math.floor((top + height) / Tile); ty++) {
      if (ty < 0 || ty >= count) {
        continue;
      }
      const x = ((tx % count) + count) % count;
      const url = options.tileUrl
        .replace('{z}', zoom).replace('{x}', x).replace('{y}', ty)
        .replace('{s}', subdomains[(x + ty) % subdomains.length] || '');
      let image = tileCache.get(url);
      if (!image) {
        image = new Image();
        image.crossOrigin = 'anonymous';
        image.onload = () => redraw();
        image.src = url;
        tileCache.set(url, image);
      }
      if (image.complete && image.naturalWidth > 0) {
        g.drawImage(image, tx * Tile - left, ty * Tile - top, Tile, Tile);
      }
    }
  }
}

function niceStep(span, lines) {
  const raw = span / lines;
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) {
    if (m * power >= raw) {
      return m * power;
    }
  }
  return 10 * power;
}

function drawGrid(g, projection, width, height) {
  g.fillStyle = '#f7f9fb';
  g.fillRect(0, 0, width, height);
  const [lonA, latA] = projection.unproject(0, height);
  const [lonB, latB] = projection.unproject(width, 0);
  const step = niceStep(Math.max(lonB - lonA, latB - latA), 6);
  const decimals = Math.max(0, -Math.floor(Math.log10(step)));
  g.strokeStyle = '#dde3e8';
  g.lineWidth = 1;
  g.fillStyle = '#8a96a3';
  g.textAlign = 'left';
  for (let lon = Math.ceil(lonA / step) * step; lon <= lonB; lon += step) {
    const [x] = projection.project(lon, latA);
    g.beginPath();
    g.moveTo(x, 0);
    g.lineTo(x, height);
    g.stroke();
    g.fillText(`${lon.toFixed(decimals)}°E`, x + 3, 14);
  }
  for (let lat = Math.ceil(latA / step) * step; lat <= latB; lat += step) {
    const [, y] = projection.project(lonA, lat);
    g.beginPath();
    g.moveTo(0, y);
    g.lineTo(width, y);
    g.stroke();
    g.fillText(`${lat.toFixed(decimals)}°N`, 4, y - 3);
  }
  // North arrow.
  g.fillStyle = '#445';
  g.beginPath();
  g.moveTo(width - 22, 12);
  g.lineTo(width - 28, 30);
  g.lineTo(width - 16, 30);
  g.closePath();
  g.fill();
  g.textAlign = 'center';
  g.fillText('北', width - 22, 44);
}

function drawLine(g, track, projection, inEpisode) {
  g.lineJoin = 'round';
  g.lineCap = 'round';
  for (let i = 1; i < track.length; i++) {
    const [x0, y0] = projection.project(track[i - 1].lon, track[i - 1].lat);
    const [x1, y1] = projection.project(track[i].lon, track[i].lat);
    const hot = inEpisode(track[i - 1]) && inEpisode(track[i]);
    g.strokeStyle = hot ? '#d62828' : '#1f6fb2';
    g.lineWidth = hot ? 5 : 3;
    g.beginPath();
    g.moveTo(x0, y0);
    g.lineTo(x1, y1);
    g.stroke();
  }
  const marker = (p, colour, label) => {
    const [x, y] = projection.project(p.lon, p.lat);
    g.fillStyle = colour;
    g.strokeStyle = '#fff';
    g.lineWidth = 2;
    g.beginPath();
    g.arc(x, y, 9, 0, 2 * Math.PI);
    g.fill();
    g.stroke();
    g.fillStyle = '#fff';
    g.textAlign = 'center';
    g.textBaseline = 'middle';
    g.fillText(label, x, y + 1);
    g.textBaseline = 'alphabetic';
  };
  const first = track[0];
  const last = track[track.length - 1];
  marker(first, '#2a9d4b', '起');
  const hot = track.find(inEpisode);
  if (hot) {
    marker(hot, '#d62828', '违');
  }
  marker(last, '#333f4d', '终');
}

function drawScale(g, projection, height) {
  const target = projection.metresPerPixel * 120;
  const metres = niceStep(target, 1);
  const pixels = metres / projection.metresPerPixel;
  const x = 14;
  const y = height - 16;
  g.strokeStyle = '#222';
  g.lineWidth = 2;
  g.beginPath();
  g.moveTo(x, y - 5);
  g.lineTo(x, y);
  g.lineTo(x + pixels, y);
  g.lineTo(x + pixels, y - 5);
  g.stroke();
  g.fillStyle = '#222';
  g.textAlign = 'left';
  g.fillText(metres >= 1000 ? `${metres / 1000} km` : `${metres} m`, x + pixels + 6, y);
}

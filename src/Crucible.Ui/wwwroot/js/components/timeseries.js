// A time-series chart in SVG: lines over time, optional threshold lines, a shaded band and highlighted points; a
// hover (or keyboard) readout of the values at the nearest time. Used for drift over time and performance.

import { h } from './dom.js';
import { s, ticks } from './svg.js';
import { formatNumber, formatTime } from './format.js';

const L = 48, R = 12, T = 10, B = 26;

/**
 * series: [{ name, points: [{ x (ms), y, fired? }] }] (up to three, coloured s0..s2); thresholds: [{ y, name } or
 * { points: [{x, y}], name }]; band: { name, points: [{ x, lo, hi }] }; title; yLabel; yMin/yMax to fix the axis;
 * id for tests; width and height of the drawing (the SVG scales to its box, text with it: small multiples draw
 * smaller). Points with y null are gaps.
 */
export function timeSeries({ title, series = [], thresholds = [], band = null, yMin, yMax, id, yFormat = formatNumber, width = 640, height = 200 }) {
  const W = width, H = height;
  const all = series.flatMap((x) => x.points).filter((p) => Number.isFinite(p.y));
  const xs = [...all.map((p) => p.x), ...(band?.points ?? []).map((p) => p.x)];
  const ys = [...all.map((p) => p.y), ...thresholds.flatMap((t) => t.points ? t.points.map((p) => p.y) : [t.y]),
    ...(band?.points ?? []).flatMap((p) => [p.lo, p.hi])].filter(Number.isFinite);
  const figure = h('figure', { class: 'chart', id, 'data-points': String(all.length) });
  if (title) figure.append(h('figcaption', {}, title));
  if (xs.length === 0) {
    figure.append(h('p', { class: 'muted' }, 'No data in this range.'));
    return figure;
  }
  let x0 = Math.min(...xs), x1 = Math.max(...xs);
  if (x0 === x1) { x0 -= 1800000; x1 += 1800000; }
  let y0 = yMin ?? Math.min(...ys), y1 = yMax ?? Math.max(...ys);
  if (y0 === y1) { y0 -= Math.abs(y0) * 0.1 || 1; y1 += Math.abs(y1) * 0.1 || 1; }
  const pad = (y1 - y0) * 0.05;
  if (yMin === undefined) y0 -= pad;
  if (yMax === undefined) y1 += pad;
  const px = (x) => L + ((x - x0) / (x1 - x0)) * (W - L - R);
  const py = (y) => T + (1 - (y - y0) / (y1 - y0)) * (H - T - B);

  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': title ?? 'chart' });
  const grid = s('g', { class: 'axis' });
  for (const v of ticks(y0, y1, 4)) {
    grid.append(s('line', { class: 'gridline', x1: L, x2: W - R, y1: py(v), y2: py(v) }),
      s('text', { class: 'tick', x: L - 4, y: py(v) + 3, 'text-anchor': 'end' }, yFormat(v)));
  }
  const span = x1 - x0;
  const fmt = span <= 2 * 86400000 ? { hour: '2-digit', minute: '2-digit' } : { month: 'short', day: 'numeric' };
  const tf = new Intl.DateTimeFormat(undefined, fmt);
  for (let i = 0; i <= 4; i++) {
    const x = x0 + (span * i) / 4;
    grid.append(s('text', { class: 'tick', x: px(x), y: H - 8, 'text-anchor': i === 0 ? 'start' : i === 4 ? 'end' : 'middle' }, tf.format(new Date(x))));
  }
  svg.append(grid);

  if (band?.points?.length) {
    const pts = band.points.filter((p) => Number.isFinite(p.lo) && Number.isFinite(p.hi));
    if (pts.length) {
      const d = pts.map((p, i) => `${i ? 'L' : 'M'}${px(p.x)},${py(p.hi)}`).join('') + pts.slice().reverse().map((p) => `L${px(p.x)},${py(p.lo)}`).join('') + 'Z';
      svg.append(s('path', { class: 'band', d }));
    }
  }
  for (const t of thresholds) {
    if (t.points) {
      const pts = t.points.filter((p) => Number.isFinite(p.y));
      if (pts.length) svg.append(s('path', { class: 'threshold', d: pts.map((p, i) => `${i ? 'L' : 'M'}${px(p.x)},${py(p.y)}`).join('') }));
    } else if (Number.isFinite(t.y)) {
      svg.append(s('line', { class: 'threshold', x1: L, x2: W - R, y1: py(t.y), y2: py(t.y) }));
    }
  }
  series.forEach((line, i) => {
    let d = '';
    let pen = false;
    for (const p of line.points) {
      if (!Number.isFinite(p.y)) { pen = false; continue; }
      d += `${pen ? 'L' : 'M'}${px(p.x)},${py(p.y)}`;
      pen = true;
    }
    svg.append(s('path', { class: `series s${i}`, d }));
    for (const p of line.points) {
      if (!Number.isFinite(p.y)) continue;
      svg.append(s('circle', { class: `dot s${i}${p.fired ? ' fired' : ''}`, cx: px(p.x), cy: py(p.y), r: p.fired ? 4 : 2.5 },
        s('title', {}, `${line.name} ${yFormat(p.y)} at ${formatTime(p.x)}`)));
    }
  });

  // Hover and keyboard readout: the values of every series at the nearest time.
  const times = [...new Set(series.flatMap((x) => x.points.map((p) => p.x)))].sort((a, b) => a - b);
  const cursor = s('line', { class: 'hover-line', y1: T, y2: H - B, visibility: 'hidden' });
  svg.append(cursor);
  const readout = h('div', { class: 'readout', 'aria-live': 'polite' });
  let at = -1;
  const show = (i) => {
    if (i < 0 || i >= times.length) return;
    at = i;
    const x = times[i];
    cursor.setAttribute('x1', px(x)); cursor.setAttribute('x2', px(x)); cursor.setAttribute('visibility', 'visible');
    const parts = series.map((line) => {
      const p = line.points.find((q) => q.x === x);
      return p && Number.isFinite(p.y) ? `${line.name} ${yFormat(p.y)}` : null;
    }).filter(Boolean);
    const bp = band?.points?.find((q) => q.x === x);
    if (bp && Number.isFinite(bp.lo)) parts.push(`${band.name} ${yFormat(bp.lo)} – ${yFormat(bp.hi)}`);
    for (const t of thresholds) {
      const y = t.points ? t.points.find((q) => q.x === x)?.y : t.y;
      if (Number.isFinite(y)) parts.push(`${t.name} ${yFormat(y)}`);
    }
    readout.textContent = `${formatTime(x)}: ${parts.join(' · ')}`;
  };
  svg.addEventListener('mousemove', (e) => {
    const box = svg.getBoundingClientRect();
    const x = x0 + (((e.clientX - box.left) / box.width) * W - L) / (W - L - R) * (x1 - x0);
    let best = 0;
    times.forEach((t, i) => { if (Math.abs(t - x) < Math.abs(times[best] - x)) best = i; });
    show(best);
  });
  svg.addEventListener('mouseleave', () => cursor.setAttribute('visibility', 'hidden'));
  svg.setAttribute('tabindex', '0');
  svg.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowLeft') { show(Math.max(0, at - 1)); e.preventDefault(); }
    if (e.key === 'ArrowRight') { show(Math.min(times.length - 1, at + 1)); e.preventDefault(); }
  });
  svg.addEventListener('focus', () => { if (at < 0) show(times.length - 1); });

  const legend = h('div', { class: 'legend' },
    series.map((line, i) => h('span', {}, h('span', { class: `swatch s${i}` }), line.name)),
    thresholds.map((t) => h('span', {}, h('span', { class: 'swatch threshold' }), t.name)),
    band ? h('span', {}, h('span', { class: 'swatch band' }), band.name) : null);
  figure.append(svg, legend, readout);
  return figure;
}

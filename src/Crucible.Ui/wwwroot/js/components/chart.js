// A metric line chart on <canvas>, no library: x by step, relative time or wall time; hover values; drag to zoom the
// x range (double-click or "Reset zoom" to undo); linear or log y; EMA smoothing; many series with a legend that
// hides and shows them. Fast at 100,000 points: each series is decimated per pixel column (first, min, max, last of
// the points that fall in it) and drawn as one path, so a draw costs one pass over the visible points and at most
// four vertices per column whatever the number of points.

import { h, replace } from './dom.js';
import { formatNumber, formatDuration, formatTime } from './format.js';
import { useStyles } from './styles.js';
import { seriesColor } from './palette.js';

const pad = { left: 58, right: 14, top: 10, bottom: 28 };

/**
 * Makes a series from a metric history (MLflow metrics/get-history's [{ step, timestamp, value }]).
 * name: the legend text; color: a CSS colour (default: the palette's). start: the run's start time in ms (x in
 * relative time is timestamp − start; default the first timestamp).
 */
export function toSeries(name, history, { color, start, id } = {}) {
  const n = history.length;
  const step = new Float64Array(n);
  const time = new Float64Array(n);
  const value = new Float64Array(n);
  const order = history.map((_, i) => i);
  order.sort((a, b) => (Number(history[a].step ?? 0) - Number(history[b].step ?? 0)) || (Number(history[a].timestamp) - Number(history[b].timestamp)));
  order.forEach((j, i) => {
    step[i] = Number(history[j].step ?? 0);
    time[i] = Number(history[j].timestamp ?? 0);
    value[i] = Number(history[j].value);
  });
  let first = Infinity;
  for (let i = 0; i < n; i++) if (time[i] < first) first = time[i];
  return { id: id ?? name, name, color, step, time, value, start: start ?? (n ? first : 0) };
}

/**
 * createChart({ label, xMode: 'step'|'relative'|'wall', log: false, smoothing: 0..0.99, height: 260 }) answers
 * { element, setSeries(series), setXMode(mode), setLog(on), setSmoothing(weight), resetZoom(), draw(), destroy(),
 *   lastDrawMs() }. A series: { id, name, color?, step, time, value (arrays of equal length, by step), start }.
 * The element carries data-series (how many drawn), data-points, data-draw-ms, data-zoomed, data-log and data-x-mode
 * so tests and benchmarks can read what is on the canvas.
 */
export function createChart(options = {}) {
  useStyles('runs');
  const state = {
    series: [],
    hidden: new Set(),
    xMode: options.xMode ?? 'step',
    log: !!options.log,
    smoothing: options.smoothing ?? 0,
    zoom: null, // [x0, x1] in data units, or null for the full range
    width: 0,
    height: options.height ?? 260,
    view: null, // the last draw's scales
    drag: null,
    drawMs: 0,
  };

  const canvas = h('canvas', { class: 'chart-canvas', role: 'img', 'aria-label': options.label ?? 'Chart' });
  const overlay = h('canvas', { class: 'chart-overlay', 'aria-hidden': 'true' });
  const tip = h('div', { class: 'chart-tip', role: 'status', hidden: true });
  const reset = h('button', { type: 'button', class: 'chart-reset', hidden: true, onClick: () => api.resetZoom() }, 'Reset zoom');
  const plot = h('div', { class: 'chart-plot' }, canvas, overlay, tip, reset);
  const legend = h('div', { class: 'chart-legend', role: 'group', 'aria-label': 'Series (click to hide or show)' });
  const element = h('div', { class: 'chart', 'data-chart': options.label ?? '' }, plot, legend);
  plot.style.height = state.height + 'px';

  const resize = new ResizeObserver(() => {
    const w = Math.floor(plot.clientWidth);
    if (w > 0 && w !== state.width) { state.width = w; api.draw(); }
  });
  resize.observe(plot);

  // The x values of a series in the current mode, cached per mode (they are sorted: by step, and by time within it).
  function xs(s) {
    const key = '_x_' + state.xMode;
    if (!s[key]) {
      if (state.xMode === 'step') s[key] = s.step;
      else if (state.xMode === 'wall') s[key] = s.time;
      else { const x = new Float64Array(s.time.length); for (let i = 0; i < x.length; i++) x[i] = (s.time[i] - s.start) / 1000; s[key] = x; }
      s[key + '_sorted'] = isSorted(s[key]);
      if (!s[key + '_sorted']) {
        // Time can run backwards against step (clock changes, resumed runs): sort a copy of every array by this x.
        const idx = Array.from(s[key].keys()).sort((a, b) => s[key][a] - s[key][b]);
        s['_perm_' + state.xMode] = idx;
        s[key] = Float64Array.from(idx, (i) => s[key][i]);
      }
    }
    return s[key];
  }

  function ys(s, smoothed) {
    const perm = s['_perm_' + state.xMode];
    const base = smoothed ? smooth(s) : s.value;
    if (!perm) return base;
    const key = (smoothed ? '_ys_' + state.smoothing : '_yr') + '_' + state.xMode;
    if (!s[key]) s[key] = Float64Array.from(perm, (i) => base[i]);
    return s[key];
  }

  // TensorBoard's debiased exponential moving average over the points in step order.
  function smooth(s) {
    const key = '_ema_' + state.smoothing;
    if (!s[key]) {
      const w = state.smoothing;
      const out = new Float64Array(s.value.length);
      let last = 0; let count = 0;
      for (let i = 0; i < out.length; i++) {
        const v = s.value[i];
        if (!Number.isFinite(v)) { out[i] = v; continue; }
        last = last * w + (1 - w) * v;
        count++;
        out[i] = last / (1 - Math.pow(w, count));
      }
      s[key] = out;
    }
    return s[key];
  }

  function visible() { return state.series.filter((s) => !state.hidden.has(s.id) && s.value.length > 0); }

  function fullRange(list) {
    let lo = Infinity; let hi = -Infinity;
    for (const s of list) { const x = xs(s); if (x.length) { lo = Math.min(lo, x[0]); hi = Math.max(hi, x[x.length - 1]); } }
    if (!Number.isFinite(lo)) return [0, 1];
    if (lo === hi) return [lo - 1, hi + 1];
    return [lo, hi];
  }

  function yRange(list, x0, x1) {
    let lo = Infinity; let hi = -Infinity;
    for (const s of list) {
      const x = xs(s);
      const y = ys(s, false);
      const a = Math.max(0, lowerBound(x, x0) - 1);
      const b = Math.min(x.length, upperBound(x, x1) + 1);
      for (let i = a; i < b; i++) {
        const v = y[i];
        if (!Number.isFinite(v) || (state.log && v <= 0)) continue;
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
    }
    if (!Number.isFinite(lo)) return state.log ? [1, 10] : [0, 1];
    if (state.log) {
      const l0 = Math.log10(lo); const l1 = Math.log10(hi);
      return l0 === l1 ? [l0 - 0.5, l1 + 0.5] : [l0 - (l1 - l0) * 0.04, l1 + (l1 - l0) * 0.04];
    }
    if (lo === hi) return [lo - (Math.abs(lo) || 1) * 0.5, hi + (Math.abs(hi) || 1) * 0.5];
    const m = (hi - lo) * 0.05;
    return [lo - m, hi + m];
  }

  function colors() {
    const style = getComputedStyle(element);
    return { fg: style.getPropertyValue('--fg').trim() || '#000', muted: style.getPropertyValue('--fg-muted').trim() || '#555', grid: style.getPropertyValue('--border').trim() || '#ddd', bg: style.getPropertyValue('--bg').trim() || '#fff' };
  }

  function setupCanvas(c, w, hgt) {
    const dpr = window.devicePixelRatio || 1;
    if (c.width !== Math.round(w * dpr) || c.height !== Math.round(hgt * dpr)) {
      c.width = Math.round(w * dpr);
      c.height = Math.round(hgt * dpr);
      c.style.width = w + 'px';
      c.style.height = hgt + 'px';
    }
    const g = c.getContext('2d');
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    g.clearRect(0, 0, w, hgt);
    return g;
  }

  const api = {
    element,
    setSeries(series) {
      state.series = series.map((s, i) => ({ ...s, color: s.color ?? seriesColor(i) }));
      for (const id of [...state.hidden]) if (!state.series.some((s) => s.id === id)) state.hidden.delete(id);
      drawLegend();
      api.draw();
    },
    setXMode(mode) { state.xMode = mode; state.zoom = null; api.draw(); },
    setLog(on) { state.log = !!on; api.draw(); },
    setSmoothing(weight) { state.smoothing = Math.max(0, Math.min(0.999, Number(weight) || 0)); api.draw(); },
    resetZoom() { state.zoom = null; api.draw(); },
    lastDrawMs: () => state.drawMs,
    /** Draws now (synchronously); answers the milliseconds it took. */
    draw() {
      const t0 = performance.now();
      const w = state.width || Math.floor(plot.clientWidth) || 600;
      state.width = w;
      const hgt = state.height;
      const g = setupCanvas(canvas, w, hgt);
      setupCanvas(overlay, w, hgt);
      tip.hidden = true;
      const c = colors();
      const list = visible();
      const [x0, x1] = state.zoom ?? fullRange(list);
      const [y0, y1] = yRange(list, x0, x1);
      const plotW = w - pad.left - pad.right;
      const plotH = hgt - pad.top - pad.bottom;
      const sx = plotW / (x1 - x0);
      const sy = plotH / (y1 - y0);
      const toY = state.log ? (v) => pad.top + plotH - (Math.log10(v) - y0) * sy : (v) => pad.top + plotH - (v - y0) * sy;
      state.view = { x0, x1, y0, y1, sx, sy, plotW, plotH, toY };

      drawAxes(g, c, state, w, hgt);
      g.save();
      g.beginPath();
      g.rect(pad.left, pad.top, plotW, plotH);
      g.clip();
      g.lineJoin = 'round';
      let points = 0;
      for (const s of list) {
        const x = xs(s);
        const a = Math.max(0, lowerBound(x, x0) - 1);
        const b = Math.min(x.length, upperBound(x, x1) + 1);
        points += b - a;
        if (state.smoothing > 0) {
          g.globalAlpha = 0.25;
          g.lineWidth = 1;
          strokeDecimated(g, x, ys(s, false), a, b, x0, sx, toY, state.log, s.color);
          g.globalAlpha = 1;
          g.lineWidth = 1.75;
          strokeDecimated(g, x, ys(s, true), a, b, x0, sx, toY, state.log, s.color);
        } else {
          g.lineWidth = 1.5;
          strokeDecimated(g, x, ys(s, false), a, b, x0, sx, toY, state.log, s.color);
        }
        if (b - a === 1) dot(g, pad.left + (x[a] - x0) * sx, toY(ys(s, false)[a]), s.color);
      }
      g.restore();
      state.drawMs = performance.now() - t0;
      reset.hidden = !state.zoom;
      element.dataset.series = String(list.length);
      element.dataset.points = String(points);
      element.dataset.drawMs = state.drawMs.toFixed(2);
      element.dataset.drawnAt = (t0 + state.drawMs).toFixed(1);
      element.dataset.zoomed = state.zoom ? 'true' : 'false';
      element.dataset.log = String(state.log);
      element.dataset.xMode = state.xMode;
      element.dataset.x0 = String(x0);
      element.dataset.x1 = String(x1);
      canvas.setAttribute('aria-label', `${options.label ?? 'Chart'}: ${list.length} series by ${axisName(state.xMode)}${state.log ? ', log scale' : ''}`);
      return state.drawMs;
    },
    destroy() { resize.disconnect(); },
  };

  function drawLegend() {
    replace(legend, state.series.map((s) => {
      const button = h('button', { type: 'button', class: 'chart-key', 'aria-pressed': String(!state.hidden.has(s.id)), 'data-series-id': s.id, title: s.name },
        h('span', { class: 'chart-swatch', 'aria-hidden': 'true' }), s.name);
      button.querySelector('.chart-swatch').style.background = s.color;
      button.addEventListener('click', () => {
        if (state.hidden.has(s.id)) state.hidden.delete(s.id); else state.hidden.add(s.id);
        button.setAttribute('aria-pressed', String(!state.hidden.has(s.id)));
        api.draw();
      });
      return button;
    }));
    legend.hidden = state.series.length < 2 && !options.alwaysLegend;
  }

  // Hover: the nearest point of every visible series to the pointer's x, marked on the overlay and listed in the tip.
  function hover(px, py) {
    const v = state.view;
    if (!v || state.drag) return;
    const g = setupCanvas(overlay, state.width, state.height);
    if (px < pad.left || px > pad.left + v.plotW) { tip.hidden = true; return; }
    const xv = v.x0 + (px - pad.left) / v.sx;
    const rows = [];
    for (const s of visible()) {
      const x = xs(s);
      const i = nearest(x, xv);
      if (i < 0) continue;
      const raw = ys(s, false)[i];
      const shown = state.smoothing > 0 ? ys(s, true)[i] : raw;
      const cx = pad.left + (x[i] - v.x0) * v.sx;
      if (Number.isFinite(shown) && !(state.log && shown <= 0)) dot(g, cx, v.toY(shown), s.color);
      const perm = s['_perm_' + state.xMode];
      const j = perm ? perm[i] : i;
      rows.push({ s, raw, shown, step: s.step[j], time: s.time[j], x: x[i] });
    }
    if (!rows.length) { tip.hidden = true; return; }
    g.strokeStyle = colors().muted;
    g.lineWidth = 1;
    g.beginPath();
    const cx = pad.left + (rows[0].x - v.x0) * v.sx;
    g.moveTo(Math.round(cx) + 0.5, pad.top);
    g.lineTo(Math.round(cx) + 0.5, pad.top + v.plotH);
    g.stroke();
    replace(tip,
      h('div', { class: 'chart-tip-x' }, `${axisName(state.xMode)} ${formatX(rows[0].x, state.xMode)}`),
      rows.slice(0, 12).map((r) => {
        const row = h('div', { class: 'chart-tip-row', 'data-series-id': r.s.id, 'data-value': String(r.raw), 'data-step': String(r.step), 'data-timestamp': String(r.time) },
          h('span', { class: 'chart-swatch', 'aria-hidden': 'true' }), h('span', { class: 'chart-tip-name' }, r.s.name), ' ',
          h('strong', {}, formatNumber(r.raw)),
          state.smoothing > 0 ? h('span', { class: 'muted' }, ` (smoothed ${formatNumber(r.shown)})`) : null,
          state.xMode !== 'step' ? h('span', { class: 'muted' }, ` step ${r.step}`) : null);
        row.querySelector('.chart-swatch').style.background = r.s.color;
        return row;
      }),
      rows.length > 12 ? h('div', { class: 'muted' }, `and ${rows.length - 12} more`) : null);
    tip.hidden = false;
    const left = px + 14 + 260 > state.width ? Math.max(0, px - 14 - tip.offsetWidth) : px + 14;
    tip.style.left = left + 'px';
    tip.style.top = Math.max(0, Math.min(py, state.height - tip.offsetHeight)) + 'px';
  }

  function local(e) { const r = overlay.getBoundingClientRect(); return [e.clientX - r.left, e.clientY - r.top]; }

  overlay.addEventListener('pointermove', (e) => {
    const [px, py] = local(e);
    if (state.drag) {
      state.drag.x1 = px;
      const g = setupCanvas(overlay, state.width, state.height);
      g.fillStyle = 'rgba(100, 140, 220, 0.18)';
      g.strokeStyle = 'rgba(100, 140, 220, 0.8)';
      const a = Math.max(pad.left, Math.min(state.drag.x0, px));
      const b = Math.min(state.width - pad.right, Math.max(state.drag.x0, px));
      g.fillRect(a, pad.top, b - a, state.view.plotH);
      g.strokeRect(a + 0.5, pad.top + 0.5, b - a, state.view.plotH);
      return;
    }
    hover(px, py);
  });
  overlay.addEventListener('pointerleave', () => { if (!state.drag) { setupCanvas(overlay, state.width, state.height); tip.hidden = true; } });
  overlay.addEventListener('pointerdown', (e) => {
    if (e.button !== 0) return;
    const [px] = local(e);
    state.drag = { x0: px, x1: px };
    overlay.setPointerCapture?.(e.pointerId);
    tip.hidden = true;
  });
  overlay.addEventListener('pointerup', () => {
    const d = state.drag;
    state.drag = null;
    if (!d || !state.view) return;
    const a = Math.max(pad.left, Math.min(d.x0, d.x1));
    const b = Math.min(pad.left + state.view.plotW, Math.max(d.x0, d.x1));
    if (b - a >= 4) {
      const v = state.view;
      state.zoom = [v.x0 + (a - pad.left) / v.sx, v.x0 + (b - pad.left) / v.sx];
      api.draw();
    } else {
      setupCanvas(overlay, state.width, state.height);
    }
  });
  overlay.addEventListener('dblclick', () => api.resetZoom());

  return api;
}

function axisName(mode) {
  return mode === 'step' ? 'Step' : mode === 'relative' ? 'Relative time' : 'Time';
}

function formatX(x, mode) {
  if (mode === 'step') return formatNumber(Math.round(x * 1000) / 1000);
  if (mode === 'relative') return formatDuration(x * 1000);
  return formatTime(x);
}

function drawAxes(g, c, state, w, hgt) {
  const v = state.view;
  g.font = '11px system-ui, sans-serif';
  g.lineWidth = 1;
  g.strokeStyle = c.grid;
  g.fillStyle = c.muted;
  // y ticks
  g.textAlign = 'right';
  g.textBaseline = 'middle';
  const yt = state.log ? logTicks(v.y0, v.y1) : niceTicks(v.y0, v.y1, Math.max(2, Math.floor(v.plotH / 40)));
  for (const t of yt) {
    const y = Math.round(pad.top + v.plotH - (t.at - v.y0) * v.sy) + 0.5;
    if (y < pad.top - 1 || y > pad.top + v.plotH + 1) continue;
    g.beginPath(); g.moveTo(pad.left, y); g.lineTo(pad.left + v.plotW, y); g.stroke();
    g.fillText(t.label, pad.left - 6, y);
  }
  // x ticks
  g.textAlign = 'center';
  g.textBaseline = 'top';
  const count = Math.max(2, Math.floor(v.plotW / 90));
  const xt = state.xMode === 'wall' ? timeTicks(v.x0, v.x1, count) : niceTicks(v.x0, v.x1, count);
  for (const t of xt) {
    const x = Math.round(pad.left + (t.at - v.x0) * v.sx) + 0.5;
    if (x < pad.left - 1 || x > pad.left + v.plotW + 1) continue;
    g.beginPath(); g.moveTo(x, pad.top + v.plotH); g.lineTo(x, pad.top + v.plotH + 4); g.stroke();
    g.fillText(state.xMode === 'relative' ? formatDuration(t.at * 1000) : state.xMode === 'wall' ? t.label : t.label, x, pad.top + v.plotH + 7);
  }
  g.strokeStyle = c.muted;
  g.strokeRect(pad.left + 0.5, pad.top + 0.5, v.plotW, v.plotH);
}

/** Draws x[a..b) against y as one path, keeping per pixel column the first, lowest, highest and last point. */
function strokeDecimated(g, x, y, a, b, x0, sx, toY, log, color) {
  g.strokeStyle = color;
  g.beginPath();
  let col = NaN; let first = 0; let last = 0; let lo = 0; let hi = 0; let started = false; let broken = false;
  const flush = () => {
    if (Number.isNaN(col)) return;
    const px = col + 0.5;
    if (!started || broken) { g.moveTo(px, first); started = true; broken = false; } else g.lineTo(px, first);
    if (lo !== hi) { g.lineTo(px, lo); g.lineTo(px, hi); }
    g.lineTo(px, last);
  };
  for (let i = a; i < b; i++) {
    const v = y[i];
    if (!Number.isFinite(v) || (log && v <= 0)) { flush(); col = NaN; broken = true; continue; }
    const c = Math.floor(pad.left + (x[i] - x0) * sx);
    const py = toY(v);
    if (c !== col) {
      flush();
      col = c; first = last = lo = hi = py;
    } else {
      last = py;
      if (py < lo) lo = py; else if (py > hi) hi = py;
    }
  }
  flush();
  g.stroke();
}

function dot(g, x, y, color) {
  g.fillStyle = color;
  g.beginPath();
  g.arc(x, y, 3.5, 0, Math.PI * 2);
  g.fill();
}

function isSorted(a) {
  for (let i = 1; i < a.length; i++) if (a[i] < a[i - 1]) return false;
  return true;
}

/** The first index whose value is ≥ v. */
export function lowerBound(a, v) {
  let lo = 0; let hi = a.length;
  while (lo < hi) { const m = (lo + hi) >> 1; if (a[m] < v) lo = m + 1; else hi = m; }
  return lo;
}

/** The first index whose value is > v. */
function upperBound(a, v) {
  let lo = 0; let hi = a.length;
  while (lo < hi) { const m = (lo + hi) >> 1; if (a[m] <= v) lo = m + 1; else hi = m; }
  return lo;
}

function nearest(a, v) {
  if (!a.length) return -1;
  const i = lowerBound(a, v);
  if (i <= 0) return 0;
  if (i >= a.length) return a.length - 1;
  return v - a[i - 1] <= a[i] - v ? i - 1 : i;
}

/** About count round-numbered ticks between lo and hi: [{ at, label }]. */
export function niceTicks(lo, hi, count) {
  const span = hi - lo;
  if (!(span > 0)) return [{ at: lo, label: formatNumber(lo) }];
  const raw = span / count;
  const mag = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => span / s <= count) ?? 10 * mag;
  const out = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) out.push({ at: t, label: formatNumber(Number(t.toPrecision(12))) });
  return out;
}

function logTicks(l0, l1) {
  const out = [];
  const a = Math.floor(l0); const b = Math.ceil(l1);
  const every = Math.max(1, Math.ceil((b - a) / 8));
  for (let e = a; e <= b; e += every) out.push({ at: e, label: formatNumber(Math.pow(10, e)) });
  if (out.length < 2) return niceTicks(l0, l1, 4).map((t) => ({ at: t.at, label: formatNumber(Math.pow(10, t.at)) }));
  return out;
}

function timeTicks(lo, hi, count) {
  const span = hi - lo;
  const steps = [1e3, 5e3, 15e3, 60e3, 300e3, 900e3, 3600e3, 6 * 3600e3, 86400e3, 7 * 86400e3, 30 * 86400e3];
  const step = steps.find((s) => span / s <= count) ?? Math.ceil(span / count / 86400e3) * 86400e3;
  const out = [];
  const offset = new Date(lo).getTimezoneOffset() * 60e3;
  const fmt = step >= 86400e3
    ? new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' })
    : new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: step < 60e3 ? '2-digit' : undefined });
  for (let t = Math.ceil((lo - offset) / step) * step + offset; t <= hi; t += step) out.push({ at: t, label: fmt.format(new Date(t)) });
  return out;
}

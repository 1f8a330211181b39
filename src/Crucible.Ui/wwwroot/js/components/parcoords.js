// Parallel coordinates on <canvas>: one vertical axis per chosen param or metric, one line per run in the run's
// colour. Numeric axes run from their lowest to their highest value; text axes list their distinct values. Hovering
// near a line highlights that run and names it with its values.

import { h, replace } from './dom.js';
import { formatNumber } from './format.js';
import { useStyles } from './styles.js';

/**
 * The scale of one axis from its values (strings or numbers; missing are undefined): numeric when every present value
 * is a finite number, else categorical. Answers { numeric, lo, hi, categories, pos(value) → 0..1 or null, ticks }.
 */
export function axisScale(values) {
  const present = values.filter((v) => v !== undefined && v !== null && v !== '');
  const nums = present.map((v) => (typeof v === 'number' ? v : Number(v)));
  const numeric = present.length > 0 && nums.every((n) => Number.isFinite(n));
  if (numeric) {
    let lo = Math.min(...nums); let hi = Math.max(...nums);
    if (lo === hi) { lo -= 1; hi += 1; }
    return { numeric, lo, hi, pos: (v) => (v === undefined || v === null || v === '' ? null : (Number(v) - lo) / (hi - lo)), label: (v) => formatNumber(Number(v)) };
  }
  const categories = [...new Set(present.map(String))].sort();
  const n = categories.length;
  return { numeric, categories, pos: (v) => (v === undefined || v === null || v === '' ? null : n <= 1 ? 0.5 : categories.indexOf(String(v)) / (n - 1)), label: (v) => String(v) };
}

/**
 * createParcoords({ label }) answers { element, set(runs, axes), draw() }: runs [{ id, name, color }], axes
 * [{ key, label, values: Map runId → value }]. The element carries data-lines and data-axes.
 */
export function createParcoords({ label = 'Parallel coordinates', height = 320 } = {}) {
  useStyles('runs');
  const canvas = h('canvas', { class: 'chart-canvas', role: 'img', 'aria-label': label });
  const tip = h('div', { class: 'chart-tip', role: 'status', hidden: true });
  const plot = h('div', { class: 'chart-plot' }, canvas, tip);
  plot.style.height = height + 'px';
  const element = h('div', { class: 'chart parcoords' }, plot);
  const state = { runs: [], axes: [], scales: [], width: 0, highlight: null };
  const pad = { left: 50, right: 50, top: 34, bottom: 26 };

  const resize = new ResizeObserver(() => { const w = Math.floor(plot.clientWidth); if (w && w !== state.width) { state.width = w; draw(); } });
  resize.observe(plot);

  function geometry() {
    const w = state.width || plot.clientWidth || 800;
    const n = state.axes.length;
    const plotW = w - pad.left - pad.right;
    const plotH = height - pad.top - pad.bottom;
    const ax = (i) => pad.left + (n <= 1 ? plotW / 2 : (plotW * i) / (n - 1));
    const ay = (p) => pad.top + plotH - p * plotH;
    return { w, plotW, plotH, ax, ay };
  }

  function draw() {
    const { w, plotH, ax, ay } = geometry();
    const dpr = window.devicePixelRatio || 1;
    canvas.width = Math.round(w * dpr); canvas.height = Math.round(height * dpr);
    canvas.style.width = w + 'px'; canvas.style.height = height + 'px';
    const g = canvas.getContext('2d');
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    g.clearRect(0, 0, w, height);
    const style = getComputedStyle(element);
    const fg = style.getPropertyValue('--fg').trim(); const muted = style.getPropertyValue('--fg-muted').trim();
    g.font = '11px system-ui, sans-serif';
    let lines = 0;
    const order = state.highlight ? [...state.runs.filter((r) => r.id !== state.highlight), ...state.runs.filter((r) => r.id === state.highlight)] : state.runs;
    for (const run of order) {
      g.strokeStyle = run.color;
      g.globalAlpha = state.highlight && state.highlight !== run.id ? 0.2 : 0.9;
      g.lineWidth = state.highlight === run.id ? 3 : 1.5;
      g.beginPath();
      let pen = false; let any = false;
      state.axes.forEach((a, i) => {
        const p = state.scales[i].pos(a.values.get(run.id));
        if (p === null || !Number.isFinite(p)) { pen = false; return; }
        if (pen) g.lineTo(ax(i), ay(p)); else g.moveTo(ax(i), ay(p));
        pen = true; any = true;
      });
      g.stroke();
      if (any) lines++;
    }
    g.globalAlpha = 1;
    state.axes.forEach((a, i) => {
      const x = Math.round(ax(i)) + 0.5;
      g.strokeStyle = muted; g.lineWidth = 1;
      g.beginPath(); g.moveTo(x, pad.top); g.lineTo(x, pad.top + plotH); g.stroke();
      g.fillStyle = fg; g.textAlign = i === 0 ? 'left' : i === state.axes.length - 1 ? 'right' : 'center'; g.textBaseline = 'bottom';
      g.fillText(shorten(a.label, 22), i === 0 ? x - 8 : i === state.axes.length - 1 ? x + 8 : x, pad.top - 14);
      g.fillStyle = muted; g.textAlign = 'center';
      const sc = state.scales[i];
      const ticks = sc.numeric ? [[1, sc.hi], [0, sc.lo]] : sc.categories.map((c) => [sc.pos(c), c]);
      const every = Math.max(1, Math.ceil(ticks.length / Math.max(2, Math.floor(plotH / 16))));
      ticks.forEach(([p, v], k) => {
        if (k % every) return;
        g.textBaseline = p >= 1 ? 'bottom' : p <= 0 ? 'top' : 'middle';
        const y = p >= 1 ? pad.top - 2 : p <= 0 ? pad.top + plotH + 3 : ay(p);
        g.fillText(shorten(sc.label(v), 14), x, y);
      });
    });
    element.dataset.lines = String(lines);
    element.dataset.axes = String(state.axes.length);
  }

  // The run whose line passes closest to the pointer, measured at the pointer's x between its two neighbouring axes.
  canvas.addEventListener('pointermove', (e) => {
    const r = canvas.getBoundingClientRect();
    const px = e.clientX - r.left; const py = e.clientY - r.top;
    const { ax, ay } = geometry();
    const n = state.axes.length;
    if (n === 0) return;
    let i = 0;
    while (i < n - 2 && px > ax(i + 1)) i++;
    const j = Math.min(n - 1, i + 1);
    const t = j === i ? 0 : Math.max(0, Math.min(1, (px - ax(i)) / (ax(j) - ax(i))));
    let best = null; let bestD = 12;
    for (const run of state.runs) {
      const a = state.scales[i].pos(state.axes[i].values.get(run.id));
      const b = state.scales[j].pos(state.axes[j].values.get(run.id));
      if (a === null || b === null) continue;
      const d = Math.abs(ay(a + (b - a) * t) - py);
      if (d < bestD) { bestD = d; best = run; }
    }
    const id = best?.id ?? null;
    if (id !== state.highlight) { state.highlight = id; draw(); }
    if (!best) { tip.hidden = true; return; }
    replace(tip, h('div', { class: 'chart-tip-x' }, best.name),
      state.axes.map((a) => h('div', { class: 'chart-tip-row' }, `${a.label}: `, h('strong', {}, a.values.has(best.id) ? state.scales[state.axes.indexOf(a)].label(a.values.get(best.id)) : '—'))));
    tip.hidden = false;
    tip.style.left = Math.min(px + 14, Math.max(0, (state.width || 800) - tip.offsetWidth)) + 'px';
    tip.style.top = Math.max(0, Math.min(py, height - tip.offsetHeight)) + 'px';
  });
  canvas.addEventListener('pointerleave', () => { tip.hidden = true; if (state.highlight) { state.highlight = null; draw(); } });

  return {
    element,
    set(runs, axes) {
      state.runs = runs;
      state.axes = axes;
      state.scales = axes.map((a) => axisScale(runs.map((r) => a.values.get(r.id))));
      draw();
    },
    draw,
    destroy() { resize.disconnect(); },
  };
}

function shorten(text, n) {
  const s = String(text);
  return s.length > n ? s.slice(0, n - 1) + '…' : s;
}

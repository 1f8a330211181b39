// A scatter plot on <canvas> of the compared runs over any two params or metrics (numeric axes scale from lowest to
// highest, text axes list their values); hovering a point names its run and values.

import { h, replace } from './dom.js';
import { useStyles } from './styles.js';
import { axisScale } from './parcoords.js';
import { niceTicks } from './chart.js';

/** createScatter({ label }) answers { element, set(points, xLabel, yLabel) }: points [{ id, name, color, x, y }]. */
export function createScatter({ label = 'Scatter', height = 320 } = {}) {
  useStyles('runs');
  const canvas = h('canvas', { class: 'chart-canvas', role: 'img', 'aria-label': label });
  const tip = h('div', { class: 'chart-tip', role: 'status', hidden: true });
  const plot = h('div', { class: 'chart-plot' }, canvas, tip);
  plot.style.height = height + 'px';
  const element = h('div', { class: 'chart scatter' }, plot);
  const pad = { left: 64, right: 16, top: 12, bottom: 40 };
  const state = { points: [], xLabel: '', yLabel: '', sx: null, sy: null, width: 0, placed: [] };

  const resize = new ResizeObserver(() => { const w = Math.floor(plot.clientWidth); if (w && w !== state.width) { state.width = w; draw(); } });
  resize.observe(plot);

  function draw() {
    const w = state.width || plot.clientWidth || 600;
    const dpr = window.devicePixelRatio || 1;
    canvas.width = Math.round(w * dpr); canvas.height = Math.round(height * dpr);
    canvas.style.width = w + 'px'; canvas.style.height = height + 'px';
    const g = canvas.getContext('2d');
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    g.clearRect(0, 0, w, height);
    const style = getComputedStyle(element);
    const fg = style.getPropertyValue('--fg').trim(); const muted = style.getPropertyValue('--fg-muted').trim(); const grid = style.getPropertyValue('--border').trim();
    const plotW = w - pad.left - pad.right; const plotH = height - pad.top - pad.bottom;
    const X = (p) => pad.left + (0.04 + p * 0.92) * plotW;
    const Y = (p) => pad.top + plotH - (0.04 + p * 0.92) * plotH;
    g.font = '11px system-ui, sans-serif';
    g.strokeStyle = grid; g.fillStyle = muted; g.lineWidth = 1;
    const ticks = (sc) => (sc.numeric ? niceTicks(sc.lo, sc.hi, 5).map((t) => [(t.at - sc.lo) / (sc.hi - sc.lo), t.label]) : sc.categories.map((c) => [sc.pos(c), c]));
    if (state.sx && state.sy) {
      g.textAlign = 'center'; g.textBaseline = 'top';
      for (const [p, t] of ticks(state.sx)) { const x = Math.round(X(p)) + 0.5; g.beginPath(); g.moveTo(x, pad.top); g.lineTo(x, pad.top + plotH); g.stroke(); g.fillText(String(t).slice(0, 12), x, pad.top + plotH + 4); }
      g.textAlign = 'right'; g.textBaseline = 'middle';
      for (const [p, t] of ticks(state.sy)) { const y = Math.round(Y(p)) + 0.5; g.beginPath(); g.moveTo(pad.left, y); g.lineTo(pad.left + plotW, y); g.stroke(); g.fillText(String(t).slice(0, 10), pad.left - 6, y); }
    }
    g.strokeStyle = muted; g.strokeRect(pad.left + 0.5, pad.top + 0.5, plotW, plotH);
    g.fillStyle = fg; g.textAlign = 'center'; g.textBaseline = 'bottom';
    g.fillText(state.xLabel, pad.left + plotW / 2, height - 2);
    g.save(); g.translate(12, pad.top + plotH / 2); g.rotate(-Math.PI / 2); g.textBaseline = 'middle'; g.fillText(state.yLabel, 0, 0); g.restore();
    state.placed = [];
    for (const p of state.points) {
      const a = state.sx?.pos(p.x); const b = state.sy?.pos(p.y);
      if (a === null || b === null || a === undefined || b === undefined || !Number.isFinite(a) || !Number.isFinite(b)) continue;
      const x = X(a); const y = Y(b);
      g.fillStyle = p.color; g.globalAlpha = 0.9;
      g.beginPath(); g.arc(x, y, 5, 0, Math.PI * 2); g.fill();
      g.globalAlpha = 1;
      state.placed.push({ p, x, y });
    }
    element.dataset.points = String(state.placed.length);
  }

  canvas.addEventListener('pointermove', (e) => {
    const r = canvas.getBoundingClientRect();
    const px = e.clientX - r.left; const py = e.clientY - r.top;
    let best = null; let bestD = 100;
    for (const q of state.placed) { const d = (q.x - px) ** 2 + (q.y - py) ** 2; if (d < bestD) { bestD = d; best = q; } }
    if (!best) { tip.hidden = true; return; }
    replace(tip, h('div', { class: 'chart-tip-x' }, best.p.name),
      h('div', { class: 'chart-tip-row' }, `${state.xLabel}: `, h('strong', {}, state.sx.label(best.p.x))),
      h('div', { class: 'chart-tip-row' }, `${state.yLabel}: `, h('strong', {}, state.sy.label(best.p.y))));
    tip.hidden = false;
    tip.style.left = Math.min(px + 14, Math.max(0, (state.width || 600) - tip.offsetWidth)) + 'px';
    tip.style.top = Math.max(0, Math.min(py, height - tip.offsetHeight)) + 'px';
  });
  canvas.addEventListener('pointerleave', () => { tip.hidden = true; });

  return {
    element,
    set(points, xLabel, yLabel) {
      state.points = points; state.xLabel = xLabel; state.yLabel = yLabel;
      state.sx = axisScale(points.map((p) => p.x));
      state.sy = axisScale(points.map((p) => p.y));
      draw();
    },
    destroy() { resize.disconnect(); },
  };
}

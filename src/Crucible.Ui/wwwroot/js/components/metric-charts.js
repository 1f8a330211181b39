// A grid of metric charts, one per metric key, each overlaying the given runs, under one toolbar (x axis by step,
// relative time or wall time; log scale; EMA smoothing; a filter on metric names). A chart loads its histories when it
// scrolls into view, so a run with hundreds of metrics costs only the charts looked at.

import { h, replace } from './dom.js';
import { createChart, toSeries } from './chart.js';
import { seriesColor } from './palette.js';

/**
 * createMetricCharts({ runs: [{ run, name }], keys: [metric keys], history (a historyCache), settings?, onSettings? })
 * answers { element, charts (Map key → chart), ready(key) → promise of the drawn chart, destroy() }.
 * settings: { x: 'step'|'relative'|'wall', log: bool, smoothing: 0..0.99, filter: '' }; onSettings is told changes.
 */
export function createMetricCharts({ runs, keys, history, settings = {}, onSettings, onError }) {
  const s = { x: settings.x ?? 'step', log: !!settings.log, smoothing: Number(settings.smoothing ?? 0), filter: settings.filter ?? '' };
  const charts = new Map();
  const loaded = new Map();
  const panels = new Map();

  const xSelect = h('select', { id: 'chart-x', name: 'x' },
    h('option', { value: 'step' }, 'Step'), h('option', { value: 'relative' }, 'Relative time'), h('option', { value: 'wall' }, 'Wall time'));
  xSelect.value = s.x;
  const log = h('input', { type: 'checkbox', id: 'chart-log', name: 'log' });
  log.checked = s.log;
  const smoothing = h('input', { type: 'range', id: 'chart-smoothing', name: 'smoothing', min: '0', max: '0.99', step: '0.01', value: String(s.smoothing) });
  const smoothingOut = h('output', { for: 'chart-smoothing', class: 'muted mono' }, s.smoothing.toFixed(2));
  const filter = h('input', { type: 'search', id: 'chart-filter', name: 'metric-filter', placeholder: 'Filter metrics', value: s.filter });
  const toolbar = h('div', { class: 'toolbar chart-toolbar' },
    h('label', { for: 'chart-x' }, 'X axis'), xSelect,
    h('label', { class: 'check' }, log, ' Log scale'),
    h('label', { for: 'chart-smoothing' }, 'Smoothing'), smoothing, smoothingOut,
    h('label', { for: 'chart-filter', class: 'sr-only' }, 'Filter metrics'), filter,
    h('span', { class: 'muted' }, 'Drag across a chart to zoom, double-click to reset.'));
  const grid = h('div', { class: 'chart-grid' });
  const empty = h('p', { class: 'empty', hidden: true }, keys.length ? 'No metric matches the filter.' : 'No metrics logged.');
  const element = h('div', { class: 'metric-charts' }, toolbar, empty, grid);

  const changed = () => onSettings?.({ ...s });
  xSelect.addEventListener('change', () => { s.x = xSelect.value; charts.forEach((c) => c.setXMode(s.x)); changed(); });
  log.addEventListener('change', () => { s.log = log.checked; charts.forEach((c) => c.setLog(s.log)); changed(); });
  smoothing.addEventListener('input', () => {
    s.smoothing = Number(smoothing.value);
    smoothingOut.textContent = s.smoothing.toFixed(2);
    charts.forEach((c) => c.setSmoothing(s.smoothing));
  });
  smoothing.addEventListener('change', changed);
  filter.addEventListener('input', () => { s.filter = filter.value; applyFilter(); });
  filter.addEventListener('change', changed);

  const observer = new IntersectionObserver((entries) => {
    for (const e of entries) if (e.isIntersecting) { observer.unobserve(e.target); load(e.target.dataset.metric); }
  }, { rootMargin: '200px' });

  for (const key of keys) {
    const panel = h('section', { class: 'chart-panel', 'data-metric': key, 'aria-label': `Metric ${key}` },
      h('h3', { class: 'chart-title' }, key),
      h('div', { class: 'chart-slot' }, h('p', { class: 'muted chart-wait' }, 'Loading…')));
    panels.set(key, panel);
    grid.append(panel);
    observer.observe(panel);
  }
  applyFilter();

  function applyFilter() {
    const f = s.filter.trim().toLowerCase();
    let shown = 0;
    for (const [key, panel] of panels) {
      const on = !f || key.toLowerCase().includes(f);
      panel.hidden = !on;
      if (on) shown++;
    }
    empty.hidden = shown > 0;
  }

  function load(key) {
    if (loaded.has(key)) return loaded.get(key);
    const panel = panels.get(key);
    const p = (async () => {
      const histories = await Promise.all(runs.map((r) => history.get(r.run.info.run_id, key).catch((error) => { onError?.(error); return []; })));
      const chart = createChart({ label: key, xMode: s.x, log: s.log, smoothing: s.smoothing, alwaysLegend: runs.length > 1 });
      charts.set(key, chart);
      replace(panel.querySelector('.chart-slot'), chart.element);
      const series = [];
      runs.forEach((r, i) => {
        if (histories[i].length) series.push(toSeries(r.name, histories[i], { id: r.run.info.run_id, color: r.color ?? seriesColor(i), start: Number(r.run.info.start_time) || undefined }));
      });
      chart.setSeries(series);
      panel.dataset.loaded = 'true';
      return chart;
    })();
    loaded.set(key, p);
    return p;
  }

  return {
    element,
    charts,
    ready: (key) => load(key),
    destroy() { observer.disconnect(); charts.forEach((c) => c.destroy()); },
  };
}

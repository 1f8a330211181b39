// #/compare?runs=a,b,…: any number of runs side by side (each read with MLflow runs/get): a params and tags diff
// (differences highlighted, "only differences" on by default), the latest metrics, overlaid metric charts
// (metrics/get-history), parallel coordinates over chosen params and metrics, and a scatter of any two.

import { h, replace, link, seg } from '../components/dom.js';
import { formatNumber, formatTime, formatDuration } from '../components/format.js';
import { useStyles } from '../components/styles.js';
import { seriesColor } from '../components/palette.js';
import { historyCache } from '../components/history.js';
import { createMetricCharts } from '../components/metric-charts.js';
import { createParcoords } from '../components/parcoords.js';
import { createScatter } from '../components/scatter.js';
import { paths } from '../api.js';

const concurrency = 8;

export async function render(root, params, ctx) {
  useStyles('runs');
  const ids = [...new Set((ctx.query.get('runs') ?? '').split(',').map((s) => s.trim()).filter(Boolean))];
  if (ids.length === 0) {
    replace(root, h('div', { class: 'page-head' }, h('h1', { tabindex: '-1' }, 'Compare runs')),
      h('p', { class: 'empty' }, 'No runs chosen. Select runs in an experiment’s runs table and press Compare, or open ', h('code', {}, '#/compare?runs=<id>,<id>'), '.'));
    return undefined;
  }

  const answers = await mapLimit(ids, concurrency, (id) => ctx.api.get(`${paths.mlflow}/runs/get`, { run_id: id }).then((a) => a.run, (error) => {
    if (error?.name === 'AbortError') throw error;
    return { missing: id, error };
  }));
  const missing = answers.filter((a) => a.missing);
  const runs = answers.filter((a) => !a.missing).map((run, i) => {
    const tags = Object.fromEntries((run.data?.tags ?? []).map((t) => [t.key, t.value]));
    return {
      run,
      id: run.info.run_id,
      name: run.info.run_name || tags['mlflow.runName'] || run.info.run_id.slice(0, 8),
      color: seriesColor(i),
      params: new Map((run.data?.params ?? []).map((p) => [p.key, p.value])),
      tags: new Map(Object.entries(tags)),
      metrics: new Map((run.data?.metrics ?? []).map((m) => [m.key, m.value])),
    };
  });
  ctx.setTitle(`Compare ${runs.length} runs`);
  const experimentIds = [...new Set(runs.map((r) => r.run.info.experiment_id))];

  const state = { only: ctx.query.get('all') !== '1' };
  const history = historyCache(ctx.api);
  const cleanups = [];

  const head = h('div', { class: 'page-head' },
    h('h1', { tabindex: '-1' }, `Compare ${runs.length} run${runs.length === 1 ? '' : 's'}`),
    experimentIds.length === 1 ? link(`/experiments/${seg(experimentIds[0])}`, 'Back to the runs') : h('span', { class: 'muted' }, `from ${experimentIds.length} experiments`));
  const notFound = missing.length
    ? h('p', { class: 'status-bad', role: 'alert', id: 'compare-missing' }, `Not found or not readable: ${missing.map((m) => m.missing).join(', ')}`)
    : null;

  // The runs, each with its colour (the same in every chart below).
  const runTable = h('div', { class: 'table-scroll' }, h('table', { class: 'grid-table', id: 'compare-runs' },
    h('thead', {}, h('tr', {}, h('th', {}, 'Run'), h('th', {}, 'Status'), h('th', {}, 'Started'), h('th', { class: 'num' }, 'Duration'), h('th', {}, 'User'))),
    h('tbody', {}, runs.map((r) => {
      const swatch = h('span', { class: 'chart-swatch', 'aria-hidden': 'true' });
      swatch.style.background = r.color;
      const start = Number(r.run.info.start_time) || null; const end = Number(r.run.info.end_time) || null;
      return h('tr', { 'data-run': r.id }, h('td', {}, swatch, ' ', link(`/runs/${seg(r.id)}`, r.name)), h('td', {}, r.run.info.status),
        h('td', {}, formatTime(start)), h('td', { class: 'num' }, start && end ? formatDuration(end - start) : ''), h('td', {}, r.run.info.user_id ?? ''));
    }))));

  // Params and tags diff.
  const only = h('input', { type: 'checkbox', id: 'only-differences', name: 'only-differences' });
  only.checked = state.only;
  const diffHolder = h('div', { class: 'table-scroll' });
  const drawDiff = () => replace(diffHolder, diffTable(runs, state.only));
  only.addEventListener('change', () => {
    state.only = only.checked;
    drawDiff();
    const q = new URLSearchParams(ctx.query);
    if (state.only) q.delete('all'); else q.set('all', '1');
    ctx.navigate('/compare?' + q.toString().replace(/%2C/g, ','), { replace: true });
  });
  drawDiff();

  // Latest metrics.
  const metricKeys = [...new Set(runs.flatMap((r) => [...r.metrics.keys()]))].sort();
  const metricTable = h('div', { class: 'table-scroll' }, metricKeys.length
    ? h('table', { class: 'grid-table diff', id: 'compare-metrics' },
      h('thead', {}, h('tr', {}, h('th', { class: 'sticky' }, 'Metric'), runs.map((r) => runHeader(r)))),
      h('tbody', {}, metricKeys.map((k) => {
        const values = runs.map((r) => r.metrics.get(k));
        const finite = values.filter((v) => Number.isFinite(Number(v)) && v !== undefined).map(Number);
        const lo = Math.min(...finite); const hi = Math.max(...finite);
        return h('tr', { 'data-key': k, class: differs(values) ? 'differs' : null }, h('th', { class: 'sticky', scope: 'row' }, k),
          values.map((v, i) => h('td', { class: 'num' + (finite.length > 1 && lo !== hi && (Number(v) === lo || Number(v) === hi) ? ' extreme' : ''), 'data-run': runs[i].id, title: v === undefined ? '' : String(v) },
            v === undefined ? '—' : formatNumber(v))));
      })))
    : h('p', { class: 'muted' }, 'None of these runs logged metrics.'));

  // Overlaid metric charts.
  const charts = createMetricCharts({
    runs: runs.map((r) => ({ run: r.run, name: r.name, color: r.color })),
    keys: metricKeys,
    history,
    settings: { x: ctx.query.get('x') ?? 'step', log: ctx.query.get('log') === '1', filter: ctx.query.get('metric') ?? '' },
    onError: (error) => ctx.showError(error),
  });
  cleanups.push(() => charts.destroy());

  // Parallel coordinates and scatter over params and metrics.
  const dims = dimensions(runs);
  const parcoords = createParcoords({ label: 'Parallel coordinates of the compared runs' });
  cleanups.push(() => parcoords.destroy());
  const chosen = new Set(defaultAxes(dims, runs));
  const axisChooser = h('fieldset', { class: 'axis-chooser' }, h('legend', {}, 'Axes'),
    dims.length ? dims.map((d) => {
      const box = h('input', { type: 'checkbox', name: 'axis', value: d.id, 'data-axis': d.id });
      box.checked = chosen.has(d.id);
      box.addEventListener('change', () => { if (box.checked) chosen.add(d.id); else chosen.delete(d.id); drawParcoords(); });
      return h('label', { class: 'check' }, box, ' ', d.label);
    }) : h('span', { class: 'muted' }, 'No params or metrics to plot.'));
  const drawParcoords = () => parcoords.set(runs, dims.filter((d) => chosen.has(d.id)));

  const scatter = createScatter({ label: 'Scatter of the compared runs' });
  cleanups.push(() => scatter.destroy());
  const xSel = h('select', { id: 'scatter-x', name: 'scatter-x' }, dims.map((d) => h('option', { value: d.id }, d.label)));
  const ySel = h('select', { id: 'scatter-y', name: 'scatter-y' }, dims.map((d) => h('option', { value: d.id }, d.label)));
  const [dx, dy] = defaultScatter(dims, chosen);
  if (dx) xSel.value = dx;
  if (dy) ySel.value = dy;
  const drawScatter = () => {
    const x = dims.find((d) => d.id === xSel.value); const y = dims.find((d) => d.id === ySel.value);
    if (!x || !y) return;
    scatter.set(runs.map((r) => ({ id: r.id, name: r.name, color: r.color, x: x.values.get(r.id), y: y.values.get(r.id) })), x.label, y.label);
  };
  xSel.addEventListener('change', drawScatter);
  ySel.addEventListener('change', drawScatter);

  replace(root, head, notFound,
    section('compare-runs-h', 'Runs', runTable),
    section('compare-diff-h', 'Parameters and tags', h('div', { class: 'toolbar' }, h('label', { class: 'check' }, only, ' Only differences')), diffHolder),
    section('compare-metrics-h', 'Metrics', metricTable),
    section('compare-charts-h', 'Metric charts', charts.element),
    section('compare-parcoords-h', 'Parallel coordinates', axisChooser, parcoords.element),
    section('compare-scatter-h', 'Scatter', h('div', { class: 'toolbar' }, h('label', { for: 'scatter-x' }, 'X'), xSel, h('label', { for: 'scatter-y' }, 'Y'), ySel), scatter.element));
  drawParcoords();
  drawScatter();
  return () => cleanups.forEach((c) => c());
}

function section(id, title, ...children) {
  return h('section', { class: 'compare-section', 'aria-labelledby': id }, h('h2', { id }, title), children);
}

function runHeader(r) {
  const swatch = h('span', { class: 'chart-swatch', 'aria-hidden': 'true' });
  swatch.style.background = r.color;
  return h('th', { scope: 'col', 'data-run': r.id }, swatch, ' ', link(`/runs/${seg(r.id)}`, r.name));
}

function differs(values) {
  const present = values.map((v) => (v === undefined ? '\u0000missing' : String(v)));
  return new Set(present).size > 1;
}

function diffTable(runs, onlyDifferences) {
  const group = (title, kind, get) => {
    const keys = [...new Set(runs.flatMap((r) => [...get(r).keys()]))].sort();
    const rows = keys.map((k) => {
      const values = runs.map((r) => get(r).get(k));
      return { k, values, diff: differs(values) };
    }).filter((row) => !onlyDifferences || row.diff);
    return [
      h('tr', { class: 'group' }, h('th', { class: 'sticky', scope: 'rowgroup', colspan: String(runs.length + 1) }, `${title} (${rows.length}${onlyDifferences ? ' differ' : ''} of ${keys.length})`)),
      rows.map((row) => h('tr', { 'data-kind': kind, 'data-key': row.k, class: row.diff ? 'differs' : null },
        h('th', { class: 'sticky', scope: 'row' }, row.k),
        row.values.map((v, i) => h('td', { class: 'mono', 'data-run': runs[i].id, title: v ?? '' }, v === undefined ? '—' : v)))),
    ];
  };
  return h('table', { class: 'grid-table diff', id: 'compare-diff', 'data-only-differences': String(onlyDifferences) },
    h('thead', {}, h('tr', {}, h('th', { class: 'sticky' }, 'Key'), runs.map(runHeader))),
    h('tbody', {}, group('Parameters', 'param', (r) => r.params), group('Tags', 'tag', (r) => new Map([...r.tags].filter(([k]) => !k.startsWith('mlflow.log-model'))))));
}

/** Every param and metric as a plot dimension: { id, label, kind, values: Map runId → value }. */
function dimensions(runs) {
  const out = [];
  for (const [kind, get] of [['metric', (r) => r.metrics], ['param', (r) => r.params]]) {
    const keys = [...new Set(runs.flatMap((r) => [...get(r).keys()]))].sort();
    for (const k of keys) {
      const values = new Map();
      for (const r of runs) if (get(r).has(k)) values.set(r.id, get(r).get(k));
      out.push({ id: `${kind}:${k}`, label: kind === 'param' ? k : `${k} (metric)`, kind, key: k, values });
    }
  }
  return out;
}

/** Up to six varying params, then up to three metrics: the usual "which settings gave which score" view. */
function defaultAxes(dims, runs) {
  const varying = (d) => new Set(runs.map((r) => String(d.values.get(r.id)))).size > 1;
  const params = dims.filter((d) => d.kind === 'param' && varying(d)).slice(0, 6);
  const metrics = dims.filter((d) => d.kind === 'metric').slice(0, 3);
  const chosen = [...params, ...metrics];
  return (chosen.length ? chosen : dims.slice(0, 6)).map((d) => d.id);
}

function defaultScatter(dims, chosen) {
  const param = dims.find((d) => d.kind === 'param' && chosen.has(d.id)) ?? dims.find((d) => d.kind === 'param') ?? dims[0];
  const metric = dims.find((d) => d.kind === 'metric') ?? dims.find((d) => d !== param);
  return [param?.id, metric?.id];
}

async function mapLimit(items, limit, fn) {
  const out = new Array(items.length);
  let next = 0;
  const worker = async () => { while (next < items.length) { const i = next++; out[i] = await fn(items[i]); } };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

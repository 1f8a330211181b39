// #/runs/{id}: one run (MLflow runs/get): overview, params, latest metrics, tags and datasets used (linked to
// #/datasets/{name} when the dataset is registered); metric charts (metrics/get-history); an artifact browser with
// previews (artifacts/list and the artifact proxy; ONNX files through the native runs/{id}/onnx/{path}).
// Tabs and chart settings live in the URL: #/runs/{id}?tab=charts&x=wall&log=1&smoothing=0.6&metric=loss.

import { h, replace, link, seg } from '../components/dom.js';
import { formatTime, formatDuration, formatNumber } from '../components/format.js';
import { useStyles } from '../components/styles.js';
import { historyCache } from '../components/history.js';
import { createMetricCharts } from '../components/metric-charts.js';
import { createArtifactBrowser } from '../components/artifacts.js';
import { paths } from '../api.js';

const tabs = [
  { id: 'overview', label: 'Overview' },
  { id: 'charts', label: 'Charts' },
  { id: 'artifacts', label: 'Artifacts' },
];

export async function render(root, params, ctx) {
  useStyles('runs');
  const runId = params.id;
  const { run } = await ctx.api.get(`${paths.mlflow}/runs/get`, { run_id: runId });
  const experiment = await ctx.api.get(`${paths.mlflow}/experiments/get`, { experiment_id: run.info.experiment_id })
    .then((a) => a.experiment).catch(() => null);
  const tags = Object.fromEntries((run.data?.tags ?? []).map((t) => [t.key, t.value]));
  const name = run.info.run_name || tags['mlflow.runName'] || run.info.run_id;
  ctx.setTitle(`Run ${name}`);

  const state = { tab: tabs.some((t) => t.id === ctx.query.get('tab')) ? ctx.query.get('tab') : 'overview' };
  const history = historyCache(ctx.api);
  const panels = new Map();
  let charts = null;

  const tabList = h('div', { class: 'tabs', role: 'tablist', 'aria-label': 'Run sections' });
  for (const t of tabs) {
    const button = h('button', { type: 'button', role: 'tab', id: `tab-${t.id}`, 'aria-controls': `panel-${t.id}`, 'data-tab': t.id, onClick: () => select(t.id, true) }, t.label);
    button.addEventListener('keydown', (e) => {
      const i = tabs.findIndex((x) => x.id === t.id);
      const next = e.key === 'ArrowRight' ? tabs[(i + 1) % tabs.length] : e.key === 'ArrowLeft' ? tabs[(i + tabs.length - 1) % tabs.length] : null;
      if (next) { e.preventDefault(); select(next.id, true); tabList.querySelector(`[data-tab="${next.id}"]`).focus(); }
    });
    tabList.append(button);
  }

  const experimentLink = experiment ? link(`/experiments/${seg(experiment.experiment_id)}`, experiment.name) : link(`/experiments/${seg(run.info.experiment_id)}`, `experiment ${run.info.experiment_id}`);
  replace(root,
    h('div', { class: 'breadcrumbs' }, link('/experiments', 'Experiments'), ' / ', experimentLink, ' / run'),
    h('div', { class: 'page-head' },
      h('h1', { tabindex: '-1', id: 'run-name' }, name),
      h('span', { class: `run-status status-${statusClass(run.info.status)}`, id: 'run-status' }, run.info.status),
      h('span', { class: 'muted mono' }, run.info.run_id)),
    tabList);
  for (const t of tabs) {
    const panel = h('div', { role: 'tabpanel', id: `panel-${t.id}`, 'aria-labelledby': `tab-${t.id}`, 'data-panel': t.id, hidden: true });
    panels.set(t.id, panel);
    root.append(panel);
  }

  const built = new Set();
  function select(id, remember) {
    state.tab = id;
    for (const b of tabList.querySelectorAll('[role=tab]')) {
      const on = b.dataset.tab === id;
      b.setAttribute('aria-selected', String(on));
      b.tabIndex = on ? 0 : -1;
    }
    for (const [k, p] of panels) p.hidden = k !== id;
    if (!built.has(id)) { built.add(id); build(id); }
    if (remember) setQuery({ tab: id === 'overview' ? null : id });
  }

  function setQuery(changes) {
    const q = new URLSearchParams(ctx.query);
    for (const [k, v] of Object.entries(changes)) { if (v === null || v === undefined || v === '' || v === false) q.delete(k); else q.set(k, String(v)); }
    ctx.query = q;
    const qs = q.toString();
    ctx.navigate(`/runs/${seg(runId)}${qs ? '?' + qs : ''}`, { replace: true });
  }

  function build(id) {
    const panel = panels.get(id);
    if (id === 'overview') overview(panel, run, experiment, tags, ctx);
    if (id === 'charts') {
      const keys = [...new Set((run.data?.metrics ?? []).map((m) => m.key))].sort();
      charts = createMetricCharts({
        runs: [{ run, name }],
        keys,
        history,
        settings: { x: ctx.query.get('x') ?? 'step', log: ctx.query.get('log') === '1', smoothing: ctx.query.get('smoothing') ?? 0, filter: ctx.query.get('metric') ?? '' },
        onSettings: (s) => setQuery({ x: s.x === 'step' ? null : s.x, log: s.log ? '1' : null, smoothing: s.smoothing ? s.smoothing : null, metric: s.filter || null }),
        onError: (error) => ctx.showError(error),
      });
      replace(panel, charts.element);
    }
    if (id === 'artifacts') {
      const browser = createArtifactBrowser({ run, api: ctx.api, path: ctx.query.get('path') ?? '', onPath: (p) => setQuery({ path: p || null }) });
      replace(panel, browser.element);
      browser.open(ctx.query.get('path') ?? '').catch((error) => ctx.showError(error));
    }
  }

  select(state.tab, false);
  return () => charts?.destroy();
}

function statusClass(status) {
  return status === 'FINISHED' ? 'ok' : status === 'FAILED' || status === 'KILLED' ? 'bad' : 'warn';
}

function overview(panel, run, experiment, tags, ctx) {
  const info = run.info;
  const start = Number(info.start_time) || null;
  const end = Number(info.end_time) || null;
  const parent = tags['mlflow.parentRunId'];
  const source = tags['mlflow.source.name'];
  const commit = tags['mlflow.source.git.commit'];
  const params = (run.data?.params ?? []).slice().sort((a, b) => a.key.localeCompare(b.key));
  const metrics = (run.data?.metrics ?? []).slice().sort((a, b) => a.key.localeCompare(b.key));
  const tagList = (run.data?.tags ?? []).slice().sort((a, b) => a.key.localeCompare(b.key));
  const datasets = run.inputs?.dataset_inputs ?? [];

  const details = h('dl', { class: 'kv', id: 'run-overview' },
    h('dt', {}, 'Status'), h('dd', { 'data-field': 'status' }, info.status),
    h('dt', {}, 'Experiment'), h('dd', {}, experiment ? link(`/experiments/${seg(experiment.experiment_id)}`, experiment.name) : info.experiment_id),
    h('dt', {}, 'Started'), h('dd', { 'data-field': 'start' }, start ? formatTime(start) : '—'),
    h('dt', {}, 'Ended'), h('dd', { 'data-field': 'end' }, end ? formatTime(end) : '—'),
    h('dt', {}, 'Duration'), h('dd', { 'data-field': 'duration' }, start && end ? formatDuration(end - start) : start ? 'running' : '—'),
    h('dt', {}, 'User'), h('dd', { 'data-field': 'user' }, info.user_id || tags['mlflow.user'] || '—'),
    h('dt', {}, 'Source'), h('dd', { 'data-field': 'source' }, source ? [h('span', { class: 'mono' }, source), tags['mlflow.source.type'] ? ` (${tags['mlflow.source.type']})` : '', commit ? [' @ ', h('span', { class: 'mono' }, commit.slice(0, 12))] : ''] : '—'),
    h('dt', {}, 'Parent run'), h('dd', { 'data-field': 'parent' }, parent ? link(`/runs/${seg(parent)}`, parent) : '—'),
    h('dt', {}, 'Artifacts'), h('dd', { class: 'mono' }, info.artifact_uri ?? '—'),
    info.lifecycle_stage === 'deleted' ? [h('dt', {}, 'Lifecycle'), h('dd', { class: 'status-bad' }, 'deleted')] : null);

  const datasetRows = datasets.map((d) => {
    const ds = d.dataset ?? {};
    const nameCell = h('td', { 'data-dataset': ds.name }, ds.name);
    // Linked only when the native registry knows a dataset of that name (a registered dataset has a page).
    ctx.api.get(`${paths.native}/datasets/${encodeURIComponent(ds.name)}/versions`).then((a) => {
      if ((a.versions ?? []).length) replace(nameCell, link(`/datasets/${seg(ds.name)}`, ds.name));
    }).catch(() => {});
    const context = (d.tags ?? []).find((t) => t.key === 'mlflow.data.context')?.value ?? '';
    return h('tr', {}, nameCell, h('td', { class: 'mono' }, ds.digest ?? ''), h('td', {}, context), h('td', {}, ds.source_type ?? ''), h('td', { class: 'mono wrap' }, ds.source ?? ''));
  });

  replace(panel,
    h('div', { class: 'run-grid' },
      h('section', { 'aria-labelledby': 'h-details' }, h('h2', { id: 'h-details' }, 'Details'), details),
      h('section', { 'aria-labelledby': 'h-metrics' }, h('h2', { id: 'h-metrics' }, `Metrics (${metrics.length})`),
        metrics.length ? h('table', { class: 'grid-table', id: 'run-metrics' },
          h('thead', {}, h('tr', {}, h('th', {}, 'Metric'), h('th', { class: 'num' }, 'Latest'), h('th', { class: 'num' }, 'Step'), h('th', {}, 'Logged'))),
          h('tbody', {}, metrics.map((m) => h('tr', { 'data-key': m.key },
            h('td', {}, link(`/runs/${seg(run.info.run_id)}?tab=charts&metric=${encodeURIComponent(m.key)}`, m.key)),
            h('td', { class: 'num', 'data-value': String(m.value), title: String(m.value) }, formatNumber(m.value)),
            h('td', { class: 'num' }, String(m.step ?? 0)),
            h('td', {}, formatTime(m.timestamp)))))) : h('p', { class: 'muted' }, 'No metrics.')),
      h('section', { 'aria-labelledby': 'h-params' }, h('h2', { id: 'h-params' }, `Parameters (${params.length})`),
        params.length ? h('table', { class: 'grid-table', id: 'run-params' },
          h('thead', {}, h('tr', {}, h('th', {}, 'Parameter'), h('th', {}, 'Value'))),
          h('tbody', {}, params.map((p) => h('tr', { 'data-key': p.key }, h('td', {}, p.key), h('td', { class: 'mono wrap' }, p.value))))) : h('p', { class: 'muted' }, 'No parameters.')),
      h('section', { 'aria-labelledby': 'h-tags' }, h('h2', { id: 'h-tags' }, `Tags (${tagList.length})`),
        tagList.length ? h('table', { class: 'grid-table', id: 'run-tags' },
          h('thead', {}, h('tr', {}, h('th', {}, 'Tag'), h('th', {}, 'Value'))),
          h('tbody', {}, tagList.map((t) => h('tr', { 'data-key': t.key }, h('td', {}, t.key), h('td', { class: 'mono wrap' }, t.value))))) : h('p', { class: 'muted' }, 'No tags.')),
      h('section', { 'aria-labelledby': 'h-datasets', class: 'span-2' }, h('h2', { id: 'h-datasets' }, `Datasets used (${datasets.length})`),
        datasets.length ? h('table', { class: 'grid-table', id: 'run-datasets' },
          h('thead', {}, h('tr', {}, h('th', {}, 'Dataset'), h('th', {}, 'Digest'), h('th', {}, 'Context'), h('th', {}, 'Source type'), h('th', {}, 'Source'))),
          h('tbody', {}, datasetRows)) : h('p', { class: 'muted' }, 'No dataset inputs logged.'))));
}

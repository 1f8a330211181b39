// #/pipelines: every pipeline (GET /api/crucible/v1/pipelines) with its steps, triggers and latest run
// (GET /pipelines/{name}/runs?max_results=1), sorted in the browser (a server has few pipelines).

import { h, replace, link, seg } from '../components/dom.js';
import { createTable } from '../components/table.js';
import { formatAgo, formatTime } from '../components/format.js';
import { useStyles } from '../components/styles.js';
import { paths } from '../api.js';

export async function render(root, params, ctx) {
  await useStyles('loop');
  const answer = await ctx.api.get(`${paths.native}/pipelines`);
  const pipelines = answer.pipelines ?? [];
  const latest = new Map();
  let sort = { key: 'name', dir: 'ASC' };

  const table = createTable({
    label: 'Pipelines',
    rowKey: (p) => p.name,
    sort,
    emptyText: 'No pipelines yet. Create one with crucible pipeline create FILE or POST /api/crucible/v1/pipelines.',
    columns: [
      { key: 'name', label: 'Name', width: 'minmax(12rem, 2fr)', sortable: true, render: (p) => link(`/pipelines/${seg(p.name)}`, p.name) },
      { key: 'steps', label: 'Steps', width: '5rem', num: true, sortable: true, value: (p) => p.steps.length },
      { key: 'triggers', label: 'Triggers', width: 'minmax(12rem, 2fr)', value: triggers },
      { key: 'last_run', label: 'Latest run', width: '10rem', render: (p) => lastRun(latest.get(p.name)) },
      { key: 'last_updated_timestamp', label: 'Updated', width: '12rem', sortable: true, value: (p) => formatTime(p.last_updated_timestamp) },
    ],
    onSort: (next) => { sort = next; draw(); },
    onRowOpen: (p) => ctx.navigate(`/pipelines/${seg(p.name)}`),
  });

  replace(root,
    h('div', { class: 'page-head' }, h('h1', { tabindex: '-1' }, 'Pipelines'), h('span', { class: 'muted', id: 'pipeline-count' }, String(pipelines.length))),
    table.element);

  function draw() {
    const key = sort.key;
    const value = (p) => key === 'steps' ? p.steps.length : p[key];
    const sorted = [...pipelines].sort((a, b) => (value(a) < value(b) ? -1 : value(a) > value(b) ? 1 : 0) * (sort.dir === 'ASC' ? 1 : -1));
    table.setSort(sort);
    table.setRows(sorted, false);
    table.setStatus(`${pipelines.length} pipeline${pipelines.length === 1 ? '' : 's'}`);
  }
  draw();

  // The latest run of each, read after the list is shown.
  await Promise.all(pipelines.map(async (p) => {
    try {
      const runs = await ctx.api.get(`${paths.native}/pipelines/${seg(p.name)}/runs`, { max_results: 1 });
      latest.set(p.name, runs.runs?.[0] ?? null);
    } catch (error) {
      if (error?.name === 'AbortError') throw error;
      latest.set(p.name, null);
    }
  }));
  draw();
}

function triggers(p) {
  const out = ['manual'];
  if (p.schedule) out.push(`every ${p.schedule}`);
  if (p.on_retraining_signal) out.push(`retraining signal of ${p.on_retraining_signal}`);
  return out.join(', ');
}

function lastRun(run) {
  if (run === undefined) return h('span', { class: 'muted' }, '…');
  if (run === null) return h('span', { class: 'muted' }, 'never run');
  return h('span', {}, h('span', { class: `pill st-${run.status}` }, run.status), ' ', formatAgo(run.creation_timestamp));
}

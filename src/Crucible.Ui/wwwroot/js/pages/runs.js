// #/experiments/{id}: the runs of one experiment, fast at 100,000 runs. Rows come from MLflow runs/search a page at
// a time (page_token) as the table scrolls; sorting (any column) and the filter (runs/search's own grammar) run on
// the server; only the rows in view are in the DOM. The state (filter, sort, columns, view) lives in the URL, so a
// link reopens the same table; saved views are experiment tags 'crucible.ui.view.<name>' (shared, scriptable).

import { h, replace, link, seg } from '../components/dom.js';
import { createTable } from '../components/table.js';
import { filterBox } from '../components/filter.js';
import { chooseColumns } from '../components/columns.js';
import { formatTime, formatDuration, formatNumber } from '../components/format.js';
import { paths } from '../api.js';

const firstPage = 100;
const nextPage = 500;
const viewPrefix = 'crucible.ui.view.';

/** The fixed columns and how each sorts on the server. */
const base = [
  { key: 'attributes.run_name', label: 'Run', width: 'minmax(12rem, 2fr)', sortable: true, render: (r) => link(`/runs/${seg(r.info.run_id)}`, r.info.run_name || r.info.run_id) },
  { key: 'attributes.status', label: 'Status', width: '7rem', sortable: true, render: (r) => h('span', { class: statusClass(r.info.status) }, r.info.status ?? '') },
  { key: 'attributes.start_time', label: 'Started', width: '12.5rem', sortable: true, value: (r) => formatTime(r.info.start_time) },
  { key: 'duration', label: 'Duration', width: '6.5rem', num: true, value: (r) => (r.info.end_time ? formatDuration(r.info.end_time - r.info.start_time) : '') },
  { key: 'attributes.user_id', label: 'User', width: '7rem', sortable: true, value: (r) => r.info.user_id ?? '' },
];

export async function render(root, params, ctx) {
  const experimentId = params.id;
  root.classList.add('runs-page');
  const state = {
    filter: ctx.query.get('filter') ?? '',
    view: ctx.query.get('view') ?? 'ACTIVE_ONLY',
    sort: parseSort(ctx.query.get('sort')) ?? { key: 'attributes.start_time', dir: 'DESC' },
    cols: ctx.query.has('cols') ? splitCols(ctx.query.get('cols')) : null,
    saved: ctx.query.get('saved') ?? '',
    token: null,
    keys: { metrics: new Set(), params: new Set(), tags: new Set() },
    loads: 0,
    generation: 0,
  };

  const title = h('h1', { tabindex: '-1' }, `Experiment ${experimentId}`);
  const count = h('span', { class: 'muted', id: 'run-count' });
  const compare = h('button', { type: 'button', id: 'compare', disabled: true, onClick: () => {
    ctx.navigate('/compare?runs=' + [...table.selection()].map(encodeURIComponent).join(','));
  } }, 'Compare');
  const views = h('select', { id: 'saved-views', 'aria-label': 'Saved views' });
  const saveView = ctx.caller.can('editor') ? h('button', { type: 'button', id: 'save-view', onClick: () => saveDialog() }, 'Save view') : null;
  const deleteView = ctx.caller.can('editor') ? h('button', { type: 'button', id: 'delete-view', hidden: true, onClick: () => removeView() }, 'Delete view') : null;
  const filter = filterBox({
    value: state.filter,
    label: 'Filter runs',
    placeholder: "metrics.rmse < 0.5 and params.model = 'gbt'   (or a run name)",
    onApply: (text) => { state.filter = text.trim(); remember(); load(); },
  });
  const lifecycle = h('select', { 'aria-label': 'Which runs', name: 'view' },
    h('option', { value: 'ACTIVE_ONLY' }, 'Active'), h('option', { value: 'DELETED_ONLY' }, 'Deleted'), h('option', { value: 'ALL' }, 'All'));
  lifecycle.value = state.view;
  lifecycle.addEventListener('change', () => { state.view = lifecycle.value; remember(); load(); });
  const columnsButton = h('button', { type: 'button', id: 'choose-columns', onClick: () => chooseColumns({
    groups: [
      { label: 'Metrics', prefix: 'metrics', keys: [...state.keys.metrics].sort() },
      { label: 'Params', prefix: 'params', keys: [...state.keys.params].sort() },
      { label: 'Tags', prefix: 'tags', keys: [...state.keys.tags].sort() },
    ],
    chosen: state.cols ?? [],
    onApply: (chosen) => { state.cols = chosen; remember(); table.setColumns(columns()); },
  }) }, 'Columns');

  const table = createTable({
    label: 'Runs',
    rowKey: (r) => r.info.run_id,
    selectable: true,
    sort: state.sort,
    columns: base,
    emptyText: 'No runs match.',
    onSort: (sort) => { state.sort = sort; remember(); load(); },
    onEndReached: () => loadMore(),
    onRowOpen: (r) => ctx.navigate(`/runs/${seg(r.info.run_id)}`),
    onSelectionChange: (keys) => { compare.disabled = keys.size < 2; compare.textContent = keys.size >= 2 ? `Compare ${keys.size}` : 'Compare'; },
  });
  table.element.classList.add('fill');

  replace(root,
    h('div', { class: 'breadcrumbs' }, link('/experiments', 'Experiments'), ' /'),
    h('div', { class: 'page-head' }, title, count),
    h('div', { class: 'toolbar' }, filter.element, lifecycle, columnsButton, views, saveView, deleteView, compare),
    h('p', { class: 'muted filter-help' }, 'Filter with the runs/search grammar: ', h('code', {}, "metrics.auc > 0.8 and params.trainer = 'gbt' and tags.team = 'a' and attributes.status = 'FINISHED'"), '.'),
    table.element);

  // The experiment (name, saved views) and the first page, together.
  const [experiment] = await Promise.all([
    ctx.api.get(`${paths.mlflow}/experiments/get`, { experiment_id: experimentId }).then((a) => a.experiment),
    load(),
  ]);
  title.textContent = experiment.name;
  ctx.setTitle(experiment.name);
  let savedViews = readViews(experiment);
  drawViews();

  function columns() {
    if (!state.cols) state.cols = defaultColumns(state.keys);
    return [...base, ...state.cols.map(dynamicColumn)];
  }

  function request(token, size) {
    return ctx.api.post(`${paths.mlflow}/runs/search`, {
      experiment_ids: [experimentId],
      filter: toRunFilter(state.filter) || undefined,
      run_view_type: state.view,
      max_results: size,
      order_by: [orderBy(state.sort)],
      page_token: token ?? undefined,
    });
  }

  async function load() {
    const mine = ++state.generation;
    root.querySelector(':scope > .banner')?.remove();
    try {
      const answer = await request(null, firstPage);
      if (mine !== state.generation) return;
      const runs = answer.runs ?? [];
      learnKeys(runs);
      state.token = answer.next_page_token ?? null;
      table.setColumns(columns());
      table.setRows(runs, !!state.token);
      rendered();
    } catch (error) {
      if (error?.name === 'AbortError' || mine !== state.generation) return;
      table.setRows([], false);
      rendered();
      ctx.showError(error);
    }
  }

  async function loadMore() {
    const mine = state.generation;
    if (!state.token) return;
    try {
      const answer = await request(state.token, nextPage);
      if (mine !== state.generation) return;
      const runs = answer.runs ?? [];
      learnKeys(runs);
      state.token = answer.next_page_token ?? null;
      table.appendRows(runs, !!state.token);
      rendered();
    } catch (error) {
      if (error?.name === 'AbortError') return;
      table.stopLoading();
      ctx.showError(error);
    }
  }

  function rendered() {
    const n = table.rows().length;
    count.textContent = state.token ? `${n.toLocaleString()} runs loaded, more on scroll` : `${n.toLocaleString()} run${n === 1 ? '' : 's'}`;
    table.setStatus(count.textContent);
    state.loads++;
    root.dataset.loads = String(state.loads);
    performance.mark('crucible:runs-rendered');
  }

  function learnKeys(runs) {
    for (const run of runs) {
      for (const m of run.data?.metrics ?? []) state.keys.metrics.add(m.key);
      for (const p of run.data?.params ?? []) state.keys.params.add(p.key);
      for (const t of run.data?.tags ?? []) if (!t.key.startsWith('mlflow.')) state.keys.tags.add(t.key);
    }
  }

  function remember() {
    const q = new URLSearchParams();
    if (state.filter) q.set('filter', state.filter);
    if (state.view !== 'ACTIVE_ONLY') q.set('view', state.view);
    q.set('sort', `${state.sort.key} ${state.sort.dir}`);
    if (state.cols) q.set('cols', state.cols.join(','));
    if (state.saved) q.set('saved', state.saved);
    ctx.navigate(`/experiments/${seg(experimentId)}?${q}`, { replace: true });
  }

  function drawViews() {
    replace(views, h('option', { value: '' }, savedViews.length ? 'Saved views…' : 'No saved views'),
      savedViews.map((v) => h('option', { value: v.name }, v.name)));
    views.value = savedViews.some((v) => v.name === state.saved) ? state.saved : '';
    if (deleteView) deleteView.hidden = !views.value;
  }

  views.addEventListener('change', () => {
    const chosen = savedViews.find((v) => v.name === views.value);
    state.saved = chosen?.name ?? '';
    if (deleteView) deleteView.hidden = !chosen;
    if (!chosen) { remember(); return; }
    state.filter = chosen.filter ?? '';
    state.view = chosen.view ?? 'ACTIVE_ONLY';
    state.sort = parseSort(chosen.sort) ?? state.sort;
    state.cols = chosen.cols ?? null;
    filter.input.value = state.filter;
    lifecycle.value = state.view;
    table.setSort(state.sort);
    remember();
    load();
  });

  function saveDialog() {
    const name = h('input', { type: 'text', id: 'view-name', required: true, maxlength: '100', 'aria-label': 'View name', value: state.saved });
    const message = h('p', { role: 'status', class: 'muted' });
    const dialog = h('dialog', { 'aria-label': 'Save view' },
      h('form', { onSubmit: async (e) => {
        e.preventDefault();
        const view = { name: name.value.trim(), filter: state.filter, view: state.view, sort: `${state.sort.key} ${state.sort.dir}`, cols: state.cols };
        try {
          await ctx.api.post(`${paths.mlflow}/experiments/set-experiment-tag`, { experiment_id: experimentId, key: viewPrefix + view.name, value: JSON.stringify(view) });
          savedViews = [...savedViews.filter((v) => v.name !== view.name), view].sort((a, b) => a.name.localeCompare(b.name));
          state.saved = view.name;
          drawViews();
          remember();
          dialog.close();
        } catch (error) {
          message.textContent = error.message;
          message.className = 'status-bad';
        }
      } },
        h('h2', {}, 'Save view'),
        h('p', { class: 'muted' }, 'Saves the filter, sort and columns as a view of this experiment, for everyone who can read it.'),
        h('label', { for: 'view-name' }, 'Name'), ' ', name, message,
        h('div', { class: 'toolbar' }, h('button', { type: 'submit', class: 'primary' }, 'Save'), h('button', { type: 'button', onClick: () => dialog.close() }, 'Cancel'))));
    dialog.addEventListener('close', () => dialog.remove());
    root.append(dialog);
    dialog.showModal();
    name.focus();
  }

  async function removeView() {
    const name = views.value;
    if (!name) return;
    try {
      await ctx.api.post(`${paths.mlflow}/experiments/delete-experiment-tag`, { experiment_id: experimentId, key: viewPrefix + name });
      savedViews = savedViews.filter((v) => v.name !== name);
      state.saved = '';
      drawViews();
      remember();
    } catch (error) {
      ctx.showError(error);
    }
  }
}

/** A column for 'metrics.x', 'params.x' or 'tags.x'. */
function dynamicColumn(id) {
  const dot = id.indexOf('.');
  const kind = id.slice(0, dot);
  const key = id.slice(dot + 1);
  const label = kind === 'metrics' ? key : `${kind === 'params' ? 'param' : 'tag'}: ${key}`;
  if (kind === 'metrics') {
    return { key: id, label, title: `metric ${key}`, width: '7.5rem', num: true, sortable: true, value: (r) => formatNumber(find(r.data?.metrics, key)) };
  }
  return { key: id, label, title: `${kind.slice(0, -1)} ${key}`, width: '8rem', sortable: true, value: (r) => find(kind === 'params' ? r.data?.params : r.data?.tags, key) ?? '' };
}

function find(list, key) {
  if (!list) return undefined;
  for (const item of list) if (item.key === key) return item.value;
  return undefined;
}

function defaultColumns(keys) {
  return [...[...keys.metrics].sort().slice(0, 6).map((k) => `metrics.${k}`), ...[...keys.params].sort().slice(0, 4).map((k) => `params.${k}`)];
}

/** order_by for a column id: attributes as they are, metric, param and tag keys quoted when they need it. */
export function orderBy(sort) {
  const dot = sort.key.indexOf('.');
  const kind = sort.key.slice(0, dot);
  const key = sort.key.slice(dot + 1);
  const quoted = kind === 'attributes' || /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? key : '`' + key.replace(/`/g, '') + '`';
  return `${kind}.${quoted} ${sort.dir}`;
}

/** A bare word searches run names; anything with a comparison is sent as typed (the server's error is shown). */
export function toRunFilter(text) {
  const t = (text ?? '').trim();
  if (!t) return '';
  if (/(=|<|>|\bI?LIKE\b|\bIN\b)/i.test(t)) return t;
  return `attributes.run_name ILIKE '%${t.replace(/'/g, "''")}%'`;
}

function parseSort(text) {
  const m = /^(\S+)\s+(ASC|DESC)$/i.exec((text ?? '').trim());
  return m ? { key: m[1], dir: m[2].toUpperCase() } : null;
}

function splitCols(text) {
  return (text ?? '').split(',').map((c) => c.trim()).filter((c) => /^(metrics|params|tags)\../.test(c));
}

function readViews(experiment) {
  const views = [];
  for (const tag of experiment?.tags ?? []) {
    if (!tag.key.startsWith(viewPrefix)) continue;
    try {
      const view = JSON.parse(tag.value);
      views.push({ ...view, name: tag.key.slice(viewPrefix.length) });
    } catch { /* a tag that is not a view's JSON is skipped */ }
  }
  return views.sort((a, b) => a.name.localeCompare(b.name));
}

function statusClass(status) {
  return status === 'FINISHED' ? 'status-ok' : status === 'FAILED' || status === 'KILLED' ? 'status-bad' : 'status-warn';
}

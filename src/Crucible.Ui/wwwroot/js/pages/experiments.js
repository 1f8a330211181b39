// #/experiments: every experiment (MLflow experiments/search), paged and sorted on the server, with a name filter
// and, for editors, a "New experiment" action.

import { h, replace, link, seg } from '../components/dom.js';
import { createTable } from '../components/table.js';
import { tokenPager } from '../components/pager.js';
import { filterBox, toFilter } from '../components/filter.js';
import { formatTime, formatAgo } from '../components/format.js';
import { paths } from '../api.js';

const pageSize = 200;

export async function render(root, params, ctx) {
  const state = {
    filter: ctx.query.get('filter') ?? '',
    view: ctx.query.get('view') ?? 'ACTIVE_ONLY',
    sort: { key: 'last_update_time', dir: 'DESC' },
  };

  const table = createTable({
    label: 'Experiments',
    rowKey: (e) => e.experiment_id,
    sort: state.sort,
    emptyText: 'No experiments match.',
    columns: [
      { key: 'name', label: 'Name', width: 'minmax(14rem, 3fr)', sortable: true, render: (e) => link(`/experiments/${seg(e.experiment_id)}`, e.name) },
      { key: 'experiment_id', label: 'ID', width: '6rem', sortable: true, num: true },
      { key: 'creation_time', label: 'Created', width: '13.5rem', sortable: true, value: (e) => formatTime(e.creation_time) },
      { key: 'last_update_time', label: 'Updated', width: '9rem', sortable: true, value: (e) => formatAgo(e.last_update_time) },
      { key: 'lifecycle_stage', label: 'State', width: '6rem', value: (e) => e.lifecycle_stage },
      { key: 'description', label: 'Description', width: 'minmax(10rem, 3fr)', value: (e) => tag(e, 'mlflow.note.content') },
    ],
    onSort: (sort) => { state.sort = sort; load(); },
    onEndReached: () => loadMore(),
    onRowOpen: (e) => ctx.navigate(`/experiments/${seg(e.experiment_id)}`),
  });
  table.element.classList.add('fill');

  const filter = filterBox({
    value: state.filter,
    label: 'Filter experiments',
    placeholder: "A name, or a filter such as name LIKE 'churn%'",
    onApply: (text) => { state.filter = text; remember(); load(); },
  });
  const view = h('select', { 'aria-label': 'Which experiments', name: 'view' },
    h('option', { value: 'ACTIVE_ONLY' }, 'Active'), h('option', { value: 'DELETED_ONLY' }, 'Deleted'), h('option', { value: 'ALL' }, 'All'));
  view.value = state.view;
  view.addEventListener('change', () => { state.view = view.value; remember(); load(); });
  const create = ctx.caller.can('editor') ? h('button', { type: 'button', class: 'primary', id: 'new-experiment', onClick: () => createDialog(root, ctx) }, 'New experiment') : null;

  replace(root,
    h('div', { class: 'page-head' }, h('h1', { tabindex: '-1' }, 'Experiments'), h('span', { class: 'muted', id: 'experiment-count' })),
    h('div', { class: 'toolbar' }, filter.element, view, create),
    table.element);

  function remember() {
    const q = new URLSearchParams();
    if (state.filter) q.set('filter', state.filter);
    if (state.view !== 'ACTIVE_ONLY') q.set('view', state.view);
    const qs = q.toString();
    ctx.navigate('/experiments' + (qs ? '?' + qs : ''), { replace: true });
  }

  const pager = tokenPager({ table, ctx, root, fetchPage: request, items: (answer) => answer.experiments, onPage: status });
  const load = pager.load;
  const loadMore = pager.loadMore;

  function request(token) {
    return ctx.api.post(`${paths.mlflow}/experiments/search`, {
      max_results: pageSize,
      page_token: token ?? undefined,
      filter: toFilter(state.filter) || undefined,
      order_by: [`${state.sort.key} ${state.sort.dir}`],
      view_type: state.view,
    });
  }

  function status() {
    const n = table.rows().length;
    table.setStatus(`${n} experiment${n === 1 ? '' : 's'}${pager.hasMore ? ' loaded, more on scroll' : ''}`);
    root.querySelector('#experiment-count').textContent = pager.hasMore ? `${n}+` : String(n);
  }

  await load();
}

function tag(experiment, key) {
  return (experiment.tags ?? []).find((t) => t.key === key)?.value ?? '';
}

function createDialog(root, ctx) {
  const name = h('input', { type: 'text', name: 'name', id: 'new-experiment-name', required: true, 'aria-label': 'Experiment name' });
  const message = h('p', { role: 'status', class: 'muted' });
  const dialog = h('dialog', { 'aria-label': 'New experiment' },
    h('form', { class: 'stack', onSubmit: async (e) => {
      e.preventDefault();
      try {
        const created = await ctx.api.post(`${paths.mlflow}/experiments/create`, { name: name.value.trim() });
        dialog.close();
        ctx.navigate(`/experiments/${seg(created.experiment_id)}`);
      } catch (error) {
        message.textContent = error.message;
        message.className = 'status-bad';
      }
    } },
      h('h2', {}, 'New experiment'), h('label', { for: 'new-experiment-name' }, 'Name'), ' ', name,
      message,
      h('div', { class: 'toolbar' }, h('button', { type: 'submit', class: 'primary' }, 'Create'), h('button', { type: 'button', onClick: () => dialog.close() }, 'Cancel'))));
  dialog.addEventListener('close', () => dialog.remove());
  root.append(dialog);
  dialog.showModal();
  name.focus();
}

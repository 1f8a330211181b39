// #/models: every registered model (MLflow registered-models/search), paged and sorted on the server, with a name
// filter; each row shows the model's aliases and its latest version per stage.

import { h, replace, link, seg } from '../components/dom.js';
import { createTable } from '../components/table.js';
import { tokenPager } from '../components/pager.js';
import { filterBox, toFilter } from '../components/filter.js';
import { formatAgo, formatTime } from '../components/format.js';
import { useStyles } from '../components/styles.js';
import { paths } from '../api.js';

const pageSize = 100;

export async function render(root, params, ctx) {
  await useStyles('registry');
  const state = {
    filter: ctx.query.get('filter') ?? '',
    sort: { key: ctx.query.get('sort') ?? 'name', dir: ctx.query.get('dir') ?? 'ASC' },
  };

  const table = createTable({
    label: 'Registered models',
    rowKey: (m) => m.name,
    sort: state.sort,
    emptyText: 'No registered models match.',
    columns: [
      { key: 'name', label: 'Name', width: 'minmax(14rem, 2fr)', sortable: true, render: (m) => link(`/models/${seg(m.name)}`, m.name) },
      { key: 'latest', label: 'Latest', width: '6rem', num: true, value: (m) => latest(m) },
      { key: 'aliases', label: 'Aliases', width: 'minmax(10rem, 2fr)', render: (m) => aliases(m) },
      { key: 'stages', label: 'Stages', width: 'minmax(10rem, 2fr)', value: (m) => stages(m) },
      { key: 'last_updated_timestamp', label: 'Updated', width: '9rem', sortable: true, value: (m) => formatAgo(m.last_updated_timestamp) },
      { key: 'creation_timestamp', label: 'Created', width: '13.5rem', sortable: true, value: (m) => formatTime(m.creation_timestamp) },
      { key: 'description', label: 'Description', width: 'minmax(10rem, 3fr)', value: (m) => m.description ?? '' },
    ],
    onSort: (sort) => { state.sort = sort; remember(); load(); },
    onEndReached: () => loadMore(),
    onRowOpen: (m) => ctx.navigate(`/models/${seg(m.name)}`),
  });
  table.element.classList.add('fill');

  const filter = filterBox({
    value: state.filter,
    label: 'Filter models',
    placeholder: "A name, or a filter such as name LIKE 'churn%'",
    onApply: (text) => { state.filter = text; remember(); load(); },
  });

  replace(root,
    h('div', { class: 'page-head' }, h('h1', { tabindex: '-1' }, 'Models'), h('span', { class: 'muted', id: 'model-count' })),
    h('div', { class: 'toolbar' }, filter.element),
    table.element);

  function remember() {
    const q = new URLSearchParams();
    if (state.filter) q.set('filter', state.filter);
    if (state.sort.key !== 'name' || state.sort.dir !== 'ASC') { q.set('sort', state.sort.key); q.set('dir', state.sort.dir); }
    const qs = q.toString();
    ctx.navigate('/models' + (qs ? '?' + qs : ''), { replace: true });
  }

  const pager = tokenPager({ table, ctx, root, fetchPage: request, items: (answer) => answer.registered_models, onPage: status });
  const load = pager.load;
  const loadMore = pager.loadMore;

  function request(token) {
    return ctx.api.post(`${paths.mlflow}/registered-models/search`, {
      max_results: pageSize,
      page_token: token ?? undefined,
      filter: toFilter(state.filter) || undefined,
      order_by: [`${state.sort.key} ${state.sort.dir}`],
    });
  }

  function status() {
    const n = table.rows().length;
    table.setStatus(`${n} model${n === 1 ? '' : 's'}${pager.hasMore ? ' loaded, more on scroll' : ''}`);
    root.querySelector('#model-count').textContent = pager.hasMore ? `${n}+` : String(n);
  }

  await load();
}

function latest(model) {
  const versions = (model.latest_versions ?? []).map((v) => Number(v.version)).filter(Number.isFinite);
  return versions.length ? String(Math.max(...versions)) : '';
}

function aliases(model) {
  const list = model.aliases ?? [];
  if (!list.length) return '';
  return h('span', {}, list.map((a) => h('span', { class: 'pill alias' }, `@${a.alias} → v${a.version}`)));
}

function stages(model) {
  return (model.latest_versions ?? []).filter((v) => v.current_stage && v.current_stage !== 'None').map((v) => `${v.current_stage}: v${v.version}`).join(', ');
}

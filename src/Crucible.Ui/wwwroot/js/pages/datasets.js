// #/datasets: every registered dataset with its latest version (GET /api/crucible/v1/datasets), sorted in the browser.

import { h, replace, link, seg } from '../components/dom.js';
import { createTable } from '../components/table.js';
import { formatAgo, formatTime } from '../components/format.js';
import { filterBox } from '../components/filter.js';
import { paths } from '../api.js';

export async function render(root, params, ctx) {
  const { datasets = [] } = await ctx.api.get(`${paths.native}/datasets`);
  let sort = { key: 'last_updated_timestamp', dir: 'DESC' };
  let text = ctx.query.get('filter') ?? '';

  const table = createTable({
    label: 'Datasets',
    rowKey: (d) => d.name,
    sort,
    emptyText: 'No datasets. Register one with crucible data register NAME FILE or POST /api/crucible/v1/datasets/{name}/versions.',
    columns: [
      { key: 'name', label: 'Name', width: 'minmax(14rem, 3fr)', sortable: true, render: (d) => link(`/datasets/${seg(d.name)}`, d.name) },
      { key: 'latest_version', label: 'Latest version', width: '9rem', num: true, sortable: true, render: (d) => link(`/datasets/${seg(d.name)}?version=${d.latest_version}`, String(d.latest_version)) },
      { key: 'creation_timestamp', label: 'Created', width: '13rem', sortable: true, value: (d) => formatTime(d.creation_timestamp) },
      { key: 'last_updated_timestamp', label: 'Updated', width: '9rem', sortable: true, value: (d) => formatAgo(d.last_updated_timestamp) },
    ],
    onSort: (next) => { sort = next; draw(); },
    onRowOpen: (d) => ctx.navigate(`/datasets/${seg(d.name)}`),
  });
  const filter = filterBox({
    value: text,
    label: 'Filter datasets',
    placeholder: 'Part of a name',
    onApply: (value) => { text = value.trim(); ctx.navigate('/datasets' + (text ? '?filter=' + encodeURIComponent(text) : ''), { replace: true }); draw(); },
  });

  replace(root,
    h('div', { class: 'page-head' }, h('h1', { tabindex: '-1' }, 'Datasets'), h('span', { class: 'muted', id: 'dataset-count' }, String(datasets.length))),
    h('div', { class: 'toolbar' }, filter.element),
    table.element);

  function draw() {
    const needle = text.toLowerCase();
    const shown = datasets.filter((d) => !needle || d.name.toLowerCase().includes(needle));
    const dir = sort.dir === 'ASC' ? 1 : -1;
    shown.sort((a, b) => (a[sort.key] < b[sort.key] ? -1 : a[sort.key] > b[sort.key] ? 1 : 0) * dir);
    table.setSort(sort);
    table.setRows(shown, false);
    table.setStatus(`${shown.length} of ${datasets.length} dataset${datasets.length === 1 ? '' : 's'}`);
  }
  draw();
}

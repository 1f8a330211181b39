// #/search?q=: names matching q across experiments, registered models, datasets and deployments, each from its own
// API (experiments/search and registered-models/search filter on the server with ILIKE; the dataset and deployment
// lists are short and are filtered here). A section that fails shows its error; the others still show.

import { h, replace, link, seg } from '../components/dom.js';
import { errorBanner } from '../components/banner.js';
import { formatAgo } from '../components/format.js';
import { paths } from '../api.js';

const limit = 50;

export async function render(root, params, ctx) {
  const q = (ctx.query.get('q') ?? '').trim();
  const search = document.getElementById('global-search');
  if (search && search.value !== q) search.value = q;
  const head = h('div', { class: 'page-head' }, h('h1', { tabindex: '-1' }, q ? `Search: ${q}` : 'Search'));
  if (!q) {
    replace(root, head, h('p', { class: 'muted' }, 'Type a name in the search box (press / to get there).'));
    return;
  }

  const like = `name ILIKE '%${q.replace(/'/g, "''")}%'`;
  const lower = q.toLowerCase();
  const sections = [
    {
      id: 'experiments', label: 'Experiments',
      load: async () => (await ctx.api.post(`${paths.mlflow}/experiments/search`, { filter: like, max_results: limit, view_type: 'ACTIVE_ONLY' })).experiments ?? [],
      item: (e) => [link(`/experiments/${seg(e.experiment_id)}`, e.name), h('span', { class: 'muted' }, ` · updated ${formatAgo(e.last_update_time)}`)],
    },
    {
      id: 'models', label: 'Models',
      load: async () => (await ctx.api.get(`${paths.mlflow}/registered-models/search`, { filter: like, max_results: limit })).registered_models ?? [],
      item: (m) => [link(`/models/${seg(m.name)}`, m.name), m.description ? h('span', { class: 'muted' }, ` · ${m.description}`) : null],
    },
    {
      id: 'datasets', label: 'Datasets',
      load: async () => ((await ctx.api.get(`${paths.native}/datasets`)).datasets ?? []).filter((d) => d.name.toLowerCase().includes(lower)).slice(0, limit),
      item: (d) => [link(`/datasets/${seg(d.name)}`, d.name), h('span', { class: 'muted' }, ` · version ${d.latest_version}`)],
    },
    {
      id: 'deployments', label: 'Deployments',
      load: async () => ((await ctx.api.get(`${paths.native}/deployments`)).deployments ?? []).filter((d) => d.name.toLowerCase().includes(lower)).slice(0, limit),
      item: (d) => [link(`/deployments/${seg(d.name)}`, d.name), d.status ? h('span', { class: 'muted' }, ` · ${d.status}`) : null],
    },
  ];

  const results = await Promise.allSettled(sections.map((s) => s.load()));
  let total = 0;
  const blocks = sections.map((section, i) => {
    const result = results[i];
    if (result.status === 'rejected') {
      if (result.reason?.name === 'AbortError') return null;
      return h('section', { 'data-section': section.id }, h('h2', {}, section.label), errorBanner(result.reason));
    }
    total += result.value.length;
    return h('section', { 'data-section': section.id },
      h('h2', {}, `${section.label} (${result.value.length}${result.value.length === limit ? '+' : ''})`),
      result.value.length ? h('ul', {}, result.value.map((x) => h('li', {}, section.item(x)))) : h('p', { class: 'muted' }, 'No match.'));
  });
  replace(root, head, h('p', { class: 'muted', id: 'search-total' }, `${total} match${total === 1 ? '' : 'es'}`), h('div', { class: 'search-results' }, blocks));
}

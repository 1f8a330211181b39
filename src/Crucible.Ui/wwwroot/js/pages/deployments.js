// #/deployments: every deployment (native GET /api/crucible/v1/deployments) with its routes and weights, shadow, and
// whether its models are loaded on this replica.

import { h, replace, link, seg } from '../components/dom.js';
import { formatAgo } from '../components/format.js';
import { useStyles } from '../components/styles.js';
import { paths } from '../api.js';

export async function render(root, params, ctx) {
  await useStyles('registry');
  const { deployments = [] } = await ctx.api.get(`${paths.native}/deployments`);
  deployments.sort((a, b) => a.name.localeCompare(b.name));
  replace(root,
    h('div', { class: 'page-head' }, h('h1', { tabindex: '-1' }, 'Deployments'), h('span', { class: 'muted', id: 'deployment-count' }, String(deployments.length))),
    deployments.length === 0
      ? h('p', { class: 'empty' }, 'No deployments. ', h('code', {}, `POST ${paths.native}/deployments`), ' or ', h('code', {}, 'crucible deployments create'), ' serves a registered model.')
      : h('table', { class: 'grid', id: 'deployments' },
        h('thead', {}, h('tr', {},
          h('th', { scope: 'col' }, 'Name'), h('th', { scope: 'col' }, 'Routes (share of traffic)'), h('th', { scope: 'col' }, 'Shadow'),
          h('th', { scope: 'col' }, 'State'), h('th', { scope: 'col' }, 'Capture'), h('th', { scope: 'col', class: 'num' }, 'Revision'),
          h('th', { scope: 'col' }, 'Updated'), h('th', { scope: 'col' }, 'Monitor'))),
        h('tbody', {}, deployments.map((d) => h('tr', { 'data-deployment': d.name },
          h('td', {}, link(`/deployments/${seg(d.name)}`, d.name)),
          h('td', {}, routeSummary(d)),
          h('td', {}, d.shadow ? target(d.shadow) : h('span', { class: 'muted' }, '—')),
          h('td', {}, stateOf(d)),
          h('td', {}, d.capture ? 'on' : 'off'),
          h('td', { class: 'num' }, String(d.revision)),
          h('td', {}, formatAgo(d.last_updated_timestamp)),
          h('td', {}, link(`/monitors/${seg(d.name)}`, 'monitor')))))));
}

/** 'churn/2', 'churn@champion'. */
export function target(r) {
  return r.alias ? `${r.model}@${r.alias}` : `${r.model}/${r.version}`;
}

/** Each route's share of the traffic in percent (weight / sum of weights). */
export function shares(routes) {
  const total = routes.reduce((sum, r) => sum + (r.weight ?? 100), 0);
  return routes.map((r) => (total > 0 ? ((r.weight ?? 100) / total) * 100 : 0));
}

function routeSummary(d) {
  const s = shares(d.routes ?? []);
  return h('span', {}, (d.routes ?? []).map((r, i) => h('span', { class: 'pill' }, `${target(r)} ${Math.round(s[i] * 10) / 10}%`)));
}

/** ready when every route and the shadow loaded here; otherwise the worst state with its error as a title. */
export function stateOf(d) {
  const status = d.status ?? [];
  const failed = status.find((s) => s.state === 'failed');
  if (failed) return h('span', { class: 'pill bad', title: failed.error ?? '' }, 'failed');
  if (status.some((s) => s.state !== 'ready')) return h('span', { class: 'pill warn' }, 'loading');
  return h('span', { class: 'pill ok' }, 'ready');
}

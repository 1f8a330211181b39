// #/deployments/{name}: one deployment. Its routes with weights and shares, the shadow, and how each resolved on
// this replica (native GET .../deployments/{name}); for maintainers, new weights and a roll back to the first route
// (PUT .../deployments/{name} with expected_revision, so a concurrent change is refused, not overwritten). Live:
// requests per second, errors and latency percentiles per version from the server's own /metrics, and the latest
// captured predictions (GET .../deployments/{name}/predictions), refreshed every few seconds while the page is open.

import { h, replace, link, seg } from '../components/dom.js';
import { formatTime, formatAgo, formatNumber } from '../components/format.js';
import { useStyles } from '../components/styles.js';
import { sparkline } from '../components/sparkline.js';
import { readServingStats, latency, between } from '../components/serving-stats.js';
import { target, shares, stateOf } from './deployments.js';
import { paths } from '../api.js';

const refreshMs = 5000;
const recentCount = 20;
const history = 40;

export async function render(root, params, ctx) {
  await useStyles('registry');
  const name = params.name;
  const url = `${paths.native}/deployments/${seg(name)}`;
  let deployment = (await ctx.api.get(url)).deployment;
  ctx.setTitle(`Deployment ${name}`);

  const head = h('div', { class: 'page-head' });
  const summary = h('dl', { class: 'summary' });
  const routes = h('section', { class: 'card', 'aria-labelledby': 'routes-h', id: 'routes' });
  const message = h('p', { class: 'message', role: 'status', id: 'deployment-message' });
  const statsBody = h('tbody', {});
  const statsNote = h('p', { class: 'muted', id: 'stats-note' });
  const predictionsBody = h('tbody', {});
  const predictionsNote = h('p', { class: 'muted' });
  const readings = [];
  const rates = new Map();

  replace(root,
    h('div', { class: 'breadcrumbs' }, link('/deployments', 'Deployments'), ' / '),
    head,
    summary,
    routes,
    message,
    h('section', { 'aria-labelledby': 'serving-h' },
      h('div', { class: 'toolbar' }, h('h2', { id: 'serving-h' }, 'Serving on this replica'),
        h('button', { type: 'button', id: 'refresh', onClick: () => refresh() }, 'Refresh now')),
      h('table', { class: 'grid', id: 'serving-stats' },
        h('thead', {}, h('tr', {},
          h('th', { scope: 'col' }, 'Version'), h('th', { scope: 'col', class: 'num' }, 'Requests'), h('th', { scope: 'col', class: 'num' }, 'Requests/s'),
          h('th', { scope: 'col' }, 'Trend'), h('th', { scope: 'col', class: 'num' }, 'Errors'), h('th', { scope: 'col', class: 'num' }, 'p50 ms'),
          h('th', { scope: 'col', class: 'num' }, 'p95 ms'), h('th', { scope: 'col', class: 'num' }, 'p99 ms'), h('th', { scope: 'col', class: 'num' }, 'Shadow'))),
        statsBody),
      statsNote),
    h('section', { 'aria-labelledby': 'predictions-h' },
      h('h2', { id: 'predictions-h' }, 'Recent predictions'),
      h('table', { class: 'grid', id: 'predictions' },
        h('thead', {}, h('tr', {},
          h('th', { scope: 'col' }, 'Time'), h('th', { scope: 'col' }, 'Version'), h('th', { scope: 'col', class: 'num' }, 'Latency ms'),
          h('th', { scope: 'col' }, 'Inputs'), h('th', { scope: 'col' }, 'Outputs'), h('th', { scope: 'col' }, 'Error'))),
        predictionsBody),
      predictionsNote));
  draw();
  await refresh();
  const timer = setInterval(() => { if (!document.hidden) refresh(); }, refreshMs);
  return () => clearInterval(timer);

  function draw() {
    const d = deployment;
    replace(head,
      h('h1', { tabindex: '-1' }, d.name),
      stateOf(d),
      h('span', { class: 'muted', id: 'revision' }, `revision ${d.revision}`),
      link(`/monitors/${seg(d.name)}`, 'Monitor', { id: 'monitor-link' }));
    replace(summary,
      h('dt', {}, 'Description'), h('dd', {}, d.description || h('span', { class: 'muted' }, 'none')),
      h('dt', {}, 'Endpoints'), h('dd', {}, Object.values(d.endpoints ?? {}).map((p) => h('div', {}, h('code', {}, p)))),
      h('dt', {}, 'Batching'), h('dd', {}, d.batching?.max_batch_size > 1 ? `up to ${d.batching.max_batch_size} rows, waiting ${d.batching.max_delay_ms} ms` : 'off'),
      h('dt', {}, 'Capture'), h('dd', {}, d.capture ? 'on (predictions are logged)' : 'off'),
      h('dt', {}, 'Updated'), h('dd', {}, `${formatTime(d.last_updated_timestamp)} (${formatAgo(d.last_updated_timestamp)})`));
    drawRoutes();
  }

  function drawRoutes() {
    const d = deployment;
    const list = d.routes ?? [];
    const share = shares(list);
    const status = d.status ?? [];
    const canWrite = ctx.caller.can('maintainer');
    const inputs = list.map((r, i) => h('input', { type: 'number', min: '0', max: '1000000', step: '1', value: String(r.weight ?? 100), id: `weight-${i}`, name: `weight-${i}`, 'aria-label': `Weight of ${target(r)}` }));
    const shareCells = list.map((r, i) => h('td', { class: 'num', 'data-share': String(i) }, `${formatNumber(share[i])}%`));
    const update = () => {
      const w = inputs.map((inp) => Math.max(0, Number(inp.value) || 0));
      const s = shares(list.map((r, i) => ({ ...r, weight: w[i] })));
      shareCells.forEach((c, i) => { c.textContent = `${formatNumber(s[i])}%`; });
    };
    inputs.forEach((inp) => inp.addEventListener('input', update));
    const rows = list.map((r, i) => {
      const st = status.find((x) => !x.shadow && x.model === r.model && (x.version ?? null) === (r.version ?? null) && (x.alias ?? null) === (r.alias ?? null));
      return h('tr', { 'data-route': target(r) },
        h('td', {}, link(`/models/${seg(r.model)}`, r.model), r.alias ? ` @${r.alias}` : ` version ${r.version}`),
        h('td', { class: 'num' }, canWrite ? inputs[i] : String(r.weight ?? 100)),
        shareCells[i],
        h('td', {}, st?.resolved_version ? link(`/models/${seg(r.model)}/versions/${seg(st.resolved_version)}`, `v${st.resolved_version}`) : '—'),
        h('td', {}, st ? h('span', { class: `pill ${st.state === 'ready' ? 'ok' : st.state === 'failed' ? 'bad' : 'warn'}`, title: st.error ?? '' }, st.state) : '—'),
        h('td', { class: 'status-bad' }, st?.error ?? ''));
    });
    const shadowStatus = status.find((x) => x.shadow);
    if (d.shadow) {
      rows.push(h('tr', { 'data-route': 'shadow' },
        h('td', {}, link(`/models/${seg(d.shadow.model)}`, d.shadow.model), d.shadow.alias ? ` @${d.shadow.alias}` : ` version ${d.shadow.version}`, ' ', h('span', { class: 'pill' }, 'shadow')),
        h('td', { class: 'num' }, '—'), h('td', { class: 'num' }, 'copy of all'),
        h('td', {}, shadowStatus?.resolved_version ? `v${shadowStatus.resolved_version}` : '—'),
        h('td', {}, shadowStatus ? h('span', { class: `pill ${shadowStatus.state === 'ready' ? 'ok' : 'bad'}` }, shadowStatus.state) : '—'),
        h('td', { class: 'status-bad' }, shadowStatus?.error ?? '')));
    }
    const table = h('table', { class: 'grid', id: 'routes-table' },
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col' }, 'Route'), h('th', { scope: 'col', class: 'num' }, 'Weight'), h('th', { scope: 'col', class: 'num' }, 'Share'),
        h('th', { scope: 'col' }, 'Resolved'), h('th', { scope: 'col' }, 'State'), h('th', { scope: 'col' }, 'Error'))),
      h('tbody', {}, rows));
    replace(routes, h('h2', { id: 'routes-h' }, 'Routes'),
      canWrite
        ? h('form', { id: 'weights-form', 'aria-label': 'Route weights', onSubmit: (e) => { e.preventDefault(); save(list.map((r, i) => ({ ...r, weight: Math.max(0, Number(inputs[i].value) || 0) })), 'Weights saved.'); } },
          table,
          h('div', { class: 'actions' },
            h('button', { type: 'submit', class: 'primary', id: 'save-weights' }, 'Save weights'),
            list.length > 1 ? h('button', { type: 'button', id: 'roll-back', title: `Send all traffic to ${target(list[0])}`, onClick: () => save(list.map((r, i) => ({ ...r, weight: i === 0 ? Math.max(1, r.weight ?? 100) : 0 })), `Rolled back: all traffic to ${target(list[0])}.`) }, `Roll back to ${target(list[0])}`) : null))
        : table);
  }

  async function save(newRoutes, text) {
    const d = deployment;
    try {
      const answer = await ctx.api.put(url, {
        name: d.name,
        routes: newRoutes.map((r) => clean({ model: r.model, version: r.version, alias: r.alias, weight: r.weight })),
        shadow: d.shadow ? clean(d.shadow) : undefined,
        batching: d.batching,
        description: d.description ?? undefined,
        capture: d.capture,
        expected_revision: d.revision,
      });
      deployment = answer.deployment;
      draw();
      message.textContent = text;
      message.className = 'message status-ok';
    } catch (error) {
      message.textContent = error.status === 409 ? `${error.message} Reload the page to see the current routes.` : error.message;
      message.className = 'message status-bad';
    }
  }

  async function refresh() {
    await Promise.all([refreshStats(), refreshPredictions()]);
  }

  async function refreshStats() {
    let text;
    try {
      text = await (await ctx.api.fetch('/metrics')).text();
    } catch (error) {
      if (error.name === 'AbortError') return;
      statsNote.textContent = `The server's metrics could not be read: ${error.message}`;
      return;
    }
    const reading = readServingStats(text, name);
    readings.push(reading);
    if (readings.length > 2) readings.shift();
    const recentWindow = readings.length === 2 ? between(readings[0], readings[1]) : null;
    const versions = [...reading.versions.keys()].sort((a, b) => Number(a) - Number(b) || a.localeCompare(b));
    for (const v of versions) {
      const series = rates.get(v) ?? [];
      series.push(recentWindow?.get(v)?.rate ?? null);
      if (series.length > history) series.shift();
      rates.set(v, series);
    }
    replace(statsBody, versions.length === 0
      ? h('tr', {}, h('td', { colspan: '9', class: 'muted' }, 'No requests served by this replica since it started.'))
      : versions.map((v) => {
        const total = reading.versions.get(v);
        const recent = recentWindow?.get(v);
        const useRecent = recent && recent.requests > 0;
        const lat = latency(useRecent ? recent.buckets : total.buckets);
        const reasons = Object.entries(total.reasons).filter(([, n]) => n > 0).map(([r, n]) => `${r} ${n}`).join(', ');
        return h('tr', { 'data-version': v },
          h('td', {}, link(`/models/${seg(modelOf(v))}/versions/${seg(v)}`, `v${v}`)),
          h('td', { class: 'num', 'data-stat': 'requests' }, String(total.requests)),
          h('td', { class: 'num', 'data-stat': 'rate' }, recent ? formatNumber(recent.rate) : '—'),
          h('td', {}, sparkline(rates.get(v), { label: `requests per second of version ${v}` })),
          h('td', { class: `num ${total.errors > 0 ? 'status-bad' : ''}`, 'data-stat': 'errors', title: reasons }, String(total.errors)),
          h('td', { class: 'num' }, fmtMs(lat.p50)), h('td', { class: 'num' }, fmtMs(lat.p95)), h('td', { class: 'num' }, fmtMs(lat.p99)),
          h('td', { class: 'num' }, total.shadow ? `${total.shadow}${total.shadowErrors ? ` (${total.shadowErrors} failed)` : ''}` : '—'));
      }));
    statsNote.textContent = `Counts since this replica started; rate and percentiles over the last ${refreshMs / 1000} s when it served requests (else since start). Read from /metrics at ${new Date(reading.at).toLocaleTimeString()}.`;
  }

  function modelOf(version) {
    const d = deployment;
    const hit = (d.status ?? []).find((s) => (s.resolved_version ?? s.version) === version);
    return hit?.model ?? d.routes?.[0]?.model ?? '';
  }

  async function refreshPredictions() {
    const now = Date.now();
    let items = [];
    let token;
    try {
      for (let pages = 0; pages < 5; pages++) {
        const page = await ctx.api.get(`${url}/predictions`, { from: now - 15 * 60 * 1000, max_results: 200, page_token: token });
        items = items.concat(page.predictions ?? []).slice(-recentCount);
        token = page.next_page_token;
        if (!token) break;
      }
    } catch (error) {
      if (error.name === 'AbortError') return;
      predictionsNote.textContent = `The prediction log could not be read: ${error.message}`;
      return;
    }
    items.reverse();
    replace(predictionsBody, items.length === 0
      ? h('tr', {}, h('td', { colspan: '6', class: 'muted' }, deployment.capture ? 'No predictions captured in the last 15 minutes.' : 'Capture is off for this deployment.'))
      : items.map((p) => h('tr', { 'data-request': p.request_id },
        h('td', { title: p.request_id }, formatTime(p.timestamp)),
        h('td', {}, `v${p.version}`, p.shadow ? h('span', { class: 'pill' }, 'shadow') : null),
        h('td', { class: 'num' }, formatNumber(p.latency_ms)),
        h('td', {}, h('pre', { class: 'json' }, clip(JSON.stringify(p.inputs)))),
        h('td', {}, p.outputs ? h('pre', { class: 'json' }, clip(JSON.stringify(p.outputs))) : ''),
        h('td', { class: 'status-bad' }, p.error ?? ''))));
    predictionsNote.textContent = `The newest ${recentCount} of the last 15 minutes, from ${url}/predictions.`;
  }
}

function clean(o) {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined));
}

function clip(text, max = 400) {
  return text.length > max ? text.slice(0, max) + '…' : text;
}

function fmtMs(ms) {
  return ms === null || ms === undefined ? '—' : formatNumber(ms);
}

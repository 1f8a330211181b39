// #/datasets/{name}?version=N: a dataset's versions (GET /datasets/{name}/versions) and one version in full
// (GET /datasets/{name}/versions/{v}: schema and profile): per-column stats and histograms, provenance (source,
// digest, licence, parents), the model versions trained on it and the runs that logged it, data checks
// (POST .../checks, editors) and a PII scan (GET .../pii) on demand, and a download link.

import { h, replace, link, seg } from '../components/dom.js';
import { formatBytes, formatCount, formatNumber, formatTime, formatAgo } from '../components/format.js';
import { histogram } from '../components/histogram.js';
import { useStyles } from '../components/styles.js';
import { paths } from '../api.js';

export async function render(root, params, ctx) {
  await useStyles('loop');
  const name = params.name;
  const base = `${paths.native}/datasets/${seg(name)}/versions`;
  const { versions = [] } = await ctx.api.get(base);
  if (!versions.length) throw new Error(`Dataset ${name} has no versions.`);
  const wanted = Number(ctx.query.get('version'));
  const current = versions.find((v) => v.version === wanted) ?? versions.reduce((a, b) => (b.version > a.version ? b : a));
  const version = await ctx.api.get(`${base}/${current.version}`);
  const vpath = `${base}/${version.version}`;
  ctx.setTitle(`${name}@${version.version} · Dataset`);

  const checksSlot = h('div', { id: 'checks-result' });
  const piiSlot = h('div', { id: 'pii-result' });
  const usedSlot = h('div', { id: 'used-by' }, h('p', { class: 'muted' }, 'Looking for model versions and runs…'));
  const columns = version.profile?.columns ?? [];

  replace(root,
    h('div', { class: 'breadcrumbs' }, link('/datasets', 'Datasets'), ' / '),
    h('div', { class: 'page-head' }, h('h1', { tabindex: '-1' }, `${name}`), h('span', { class: 'tag', id: 'shown-version' }, `version ${version.version}`),
      h('a', { class: 'button', href: `${vpath}/file`, download: `${name}-${version.version}.${version.format}` }, 'Download')),
    h('div', { class: 'cards' },
      card('Rows', formatCount(version.row_count), 'card-rows'),
      card('Columns', String(columns.length), 'card-columns'),
      card('Size', formatBytes(version.size_bytes), 'card-size'),
      card('Format', version.format, 'card-format'),
      card('Versions', String(versions.length), 'card-versions')),
    h('section', { class: 'panel', 'aria-labelledby': 'versions-h' }, h('h2', { id: 'versions-h' }, 'Versions'), versionsTable(name, versions, version.version)),
    h('section', { class: 'panel', 'aria-labelledby': 'prov-h' }, h('h2', { id: 'prov-h' }, 'Lineage and provenance'), provenance(version)),
    h('section', { class: 'panel', 'aria-labelledby': 'profile-h' }, h('h2', { id: 'profile-h' }, 'Profile'), profileTable(columns), profileCharts(columns)),
    h('section', { class: 'panel', 'aria-labelledby': 'quality-h' }, h('h2', { id: 'quality-h' }, 'Quality checks'),
      ctx.caller.can('editor')
        ? h('div', { class: 'toolbar' }, h('button', { type: 'button', id: 'run-checks', onClick: runChecks }, 'Run checks'),
          h('span', { class: 'muted' }, 'The same checks as crucible data check: missing values, duplicates, constant and mixed-type columns, outliers.'))
        : h('p', { class: 'muted' }, 'Running checks needs an editor (POST …/checks); the command-line equivalent is crucible data check.'),
      checksSlot),
    h('section', { class: 'panel', 'aria-labelledby': 'pii-h' }, h('h2', { id: 'pii-h' }, 'Personal data'),
      h('div', { class: 'toolbar' }, h('button', { type: 'button', id: 'scan-pii', onClick: scanPii }, 'Scan for PII'),
        h('span', { class: 'muted' }, 'Scans every column for e-mail addresses, phone numbers, card numbers and other personal data.')),
      piiSlot),
    h('section', { class: 'panel', 'aria-labelledby': 'used-h' }, h('h2', { id: 'used-h' }, 'Used by'), usedSlot));

  async function runChecks() {
    replace(checksSlot, h('p', { class: 'muted', role: 'status' }, 'Checking…'));
    try {
      const report = await ctx.api.post(`${vpath}/checks`, {});
      replace(checksSlot, checksView(report));
    } catch (error) {
      replace(checksSlot);
      ctx.showError(error);
    }
  }

  async function scanPii() {
    replace(piiSlot, h('p', { class: 'muted', role: 'status' }, 'Scanning…'));
    try {
      replace(piiSlot, piiView(await ctx.api.get(`${vpath}/pii`)));
    } catch (error) {
      replace(piiSlot);
      ctx.showError(error);
    }
  }

  if (ctx.query.get('checks') === '1' && ctx.caller.can('editor')) runChecks();
  await usedBy(ctx, name, version, vpath, usedSlot);
}

function card(label, value, id) {
  return h('div', { class: 'card' }, h('div', { class: 'card-label' }, label), h('div', { class: 'card-value', id }, value));
}

function versionsTable(name, versions, shown) {
  const sorted = [...versions].sort((a, b) => b.version - a.version);
  return h('div', { class: 'scroll-x' }, h('table', { class: 'plain', id: 'versions-table' },
    h('thead', {}, h('tr', {}, ['Version', 'Rows', 'Size', 'Digest (SHA-256)', 'Owner', 'Registered'].map((t, i) => h('th', { class: i === 1 || i === 2 ? 'num' : null }, t)))),
    h('tbody', {}, sorted.map((v) => h('tr', { class: v.version === shown ? 'selected' : '', 'data-version': String(v.version) },
      h('td', {}, v.version === shown ? h('strong', { 'aria-current': 'true' }, String(v.version)) : link(`/datasets/${seg(name)}?version=${v.version}`, String(v.version))),
      h('td', { class: 'num' }, formatCount(v.row_count)),
      h('td', { class: 'num' }, formatBytes(v.size_bytes)),
      h('td', {}, h('code', { title: v.digest }, v.digest.slice(0, 16) + '…')),
      h('td', {}, v.owner ?? ''),
      h('td', { title: formatTime(v.creation_timestamp) }, formatAgo(v.creation_timestamp)))))));
}

function provenance(v) {
  const parents = (v.parents ?? []).map((p) => {
    const at = p.lastIndexOf('@');
    return at > 0 ? link(`/datasets/${seg(p.slice(0, at))}?version=${seg(p.slice(at + 1))}`, p) : p;
  });
  const row = (label, value, id) => [h('dt', {}, label), h('dd', { id }, value ?? h('span', { class: 'muted' }, 'not given'))];
  return h('dl', { class: 'kv', id: 'provenance' },
    row('Digest (SHA-256)', h('code', {}, v.digest), 'prov-digest'),
    row('MLflow digest', h('code', {}, v.mlflow_digest)),
    row('Source', v.source, 'prov-source'),
    row('Stored at', h('code', {}, v.artifact_location)),
    row('Licence', v.license, 'prov-license'),
    row('Owner', v.owner),
    row('Description', v.description),
    row('Derived from', parents.length ? parents.flatMap((p, i) => (i ? [', ', p] : [p])) : null, 'prov-parents'),
    row('Transform', v.transform),
    row('Registered', formatTime(v.creation_timestamp)));
}

function profileTable(columns) {
  if (!columns.length) return h('p', { class: 'muted' }, 'No profile recorded for this version.');
  const heads = ['Column', 'Type', 'Role', 'Missing', 'Distinct', 'Min', 'Mean', 'Std', 'Median', 'Max', 'Top values'];
  return h('div', { class: 'scroll-x' }, h('table', { class: 'plain', id: 'profile-table' },
    h('thead', {}, h('tr', {}, heads.map((t, i) => h('th', { class: i >= 3 && i <= 9 ? 'num' : null }, t)))),
    h('tbody', {}, columns.map((c) => h('tr', { 'data-column': c.name },
      h('td', {}, h('strong', {}, c.name)),
      h('td', {}, String(c.type ?? '')),
      h('td', {}, String(c.role ?? '')),
      h('td', { class: 'num', 'data-field': 'null_count' }, missing(c)),
      h('td', { class: 'num', 'data-field': 'distinct_count' }, `${c.distinct_is_estimate ? '≈' : ''}${formatCount(c.distinct_count)}`),
      h('td', { class: 'num', 'data-field': 'min' }, formatNumber(c.min)),
      h('td', { class: 'num', 'data-field': 'mean' }, formatNumber(c.mean)),
      h('td', { class: 'num', 'data-field': 'std_dev' }, formatNumber(c.std_dev)),
      h('td', { class: 'num', 'data-field': 'p50' }, formatNumber(c.p50)),
      h('td', { class: 'num', 'data-field': 'max' }, formatNumber(c.max)),
      h('td', {}, (c.top_values ?? []).slice(0, 3).map((t) => `${t.value} (${formatCount(t.count)})`).join(', ')))))));
}

function missing(c) {
  const total = (c.null_count ?? 0) + (c.non_null_count ?? 0);
  if (!c.null_count) return '0';
  return `${formatCount(c.null_count)} (${((100 * c.null_count) / Math.max(1, total)).toFixed(1)}%)`;
}

function profileCharts(columns) {
  const charts = columns.map((c) => {
    if (c.histogram?.counts?.length) {
      const edges = c.histogram.edges;
      return histogram({
        id: `hist-${c.name}`,
        title: c.name,
        series: ['rows'],
        bins: c.histogram.counts.map((n, i) => ({ label: formatNumber(edges[i]), values: [n] })),
      });
    }
    if (c.top_values?.length) {
      return histogram({ id: `hist-${c.name}`, title: `${c.name} (most frequent)`, series: ['rows'], bins: c.top_values.slice(0, 12).map((t) => ({ label: t.value, values: [t.count] })) });
    }
    return null;
  }).filter(Boolean);
  return charts.length ? h('div', { class: 'grid-2', id: 'profile-charts' }, charts) : null;
}

function checksView(report) {
  const results = report.results ?? [];
  const worst = results.reduce((w, r) => (rank(r.status) > rank(w) ? r.status : w), 'pass');
  return h('div', { 'data-status': worst },
    h('p', {}, 'Overall: ', h('span', { class: `pill st-${worst}`, id: 'checks-status' }, worst), ` · ${results.length} finding${results.length === 1 ? '' : 's'} over ${formatCount(report.profile?.row_count ?? 0)} rows`),
    results.length
      ? h('table', { class: 'plain', id: 'checks-table' },
        h('thead', {}, h('tr', {}, ['Check', 'Column', 'Status', 'Value', 'Threshold', 'Message'].map((t) => h('th', {}, t)))),
        h('tbody', {}, results.map((r) => h('tr', {},
          h('td', {}, r.check), h('td', {}, r.column ?? '—'), h('td', {}, h('span', { class: `pill st-${r.status}` }, r.status)),
          h('td', { class: 'num' }, formatNumber(r.value)), h('td', { class: 'num' }, formatNumber(r.threshold)), h('td', {}, r.message)))))
      : h('p', { class: 'status-ok' }, 'Every check passed.'));
}

function rank(status) {
  return { pass: 0, warn: 1, fail: 2 }[status] ?? 0;
}

function piiView(results) {
  const flagged = results.filter((r) => r.entity);
  return h('div', {},
    h('p', {}, flagged.length ? h('span', { class: 'status-bad', id: 'pii-summary' }, `${flagged.length} column${flagged.length === 1 ? '' : 's'} look like personal data.`)
      : h('span', { class: 'status-ok', id: 'pii-summary' }, 'No column looks like personal data.')),
    h('table', { class: 'plain', id: 'pii-table' },
      h('thead', {}, h('tr', {}, ['Column', 'Looks like', 'Share of values', 'Matched', 'Non-empty'].map((t) => h('th', {}, t)))),
      h('tbody', {}, results.map((r) => h('tr', { 'data-column': r.column },
        h('td', {}, r.column), h('td', {}, r.entity ? h('strong', {}, r.entity) : h('span', { class: 'muted' }, '—')),
        h('td', { class: 'num' }, `${(100 * r.share).toFixed(1)}%`), h('td', { class: 'num' }, formatCount(r.matched)), h('td', { class: 'num' }, formatCount(r.non_null)))))));
}

/** Model versions trained on this version, and MLflow runs that logged it as an input (runs/search on datasets.*). */
async function usedBy(ctx, name, version, vpath, slot) {
  const [trained, runs] = await Promise.all([
    ctx.api.get(`${vpath}/model-versions`).catch((e) => (e?.name === 'AbortError' ? Promise.reject(e) : { model_versions: [], error: e })),
    runsUsing(ctx, name, version.mlflow_digest).catch((e) => (e?.name === 'AbortError' ? Promise.reject(e) : { runs: [], error: e })),
  ]);
  const versions = trained.model_versions ?? [];
  replace(slot,
    h('h3', {}, 'Model versions trained on it'),
    versions.length
      ? h('ul', { id: 'trained-versions' }, versions.map((mv) => h('li', {}, link(`/models/${seg(mv.name)}/versions/${seg(mv.version)}`, `${mv.name} version ${mv.version}`),
        mv.run_id ? [' from run ', link(`/runs/${seg(mv.run_id)}`, mv.run_id)] : null)))
      : h('p', { class: 'muted' }, trained.error ? `Not available: ${trained.error.message}` : 'None.'),
    h('h3', {}, 'Runs that logged it'),
    runs.runs.length
      ? h('ul', { id: 'using-runs' }, runs.runs.map((r) => h('li', {}, link(`/runs/${seg(r.info.run_id)}`, r.info.run_name || r.info.run_id),
        ' in ', link(`/experiments/${seg(r.info.experiment_id)}`, `experiment ${r.info.experiment_id}`))))
      : h('p', { class: 'muted' }, runs.error ? `Not available: ${runs.error.message}` : 'None.'));
}

async function runsUsing(ctx, name, digest) {
  const experiments = await ctx.api.post(`${paths.mlflow}/experiments/search`, { max_results: 1000, view_type: 'ALL' });
  const ids = (experiments.experiments ?? []).map((e) => e.experiment_id);
  if (!ids.length) return { runs: [] };
  const quote = (s) => `'${String(s).replace(/'/g, "''")}'`;
  const answer = await ctx.api.post(`${paths.mlflow}/runs/search`, {
    experiment_ids: ids,
    filter: `datasets.name = ${quote(name)} AND datasets.digest = ${quote(digest)}`,
    max_results: 50,
  });
  return { runs: answer.runs ?? [] };
}

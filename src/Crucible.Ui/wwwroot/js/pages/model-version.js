// #/models/{name}/versions/{version}: one model version. Its stage, aliases, tags and description (MLflow
// model-versions/get); its signature and files with their SHA-256 (native .../package) and a check of them
// (.../verify); its lineage as a graph, datasets → run → version → deployments → monitors (native .../lineage, the
// deployments that route to it, their monitors); its evaluations with their gate and HTML report (the source run's
// evaluations/<id>/ artifacts). Maintainers may change the stage and point an alias here. There is no approval API,
// so there is no approve action.

import { h, replace, link, seg } from '../components/dom.js';
import { formatTime, formatAgo, formatBytes, formatNumber } from '../components/format.js';
import { useStyles } from '../components/styles.js';
import { drawGraph } from '../components/graph.js';
import { tags, gate } from './model.js';
import { paths } from '../api.js';

const stages = ['None', 'Staging', 'Production', 'Archived'];
const latestTag = 'crucible.evaluation.latest';

export async function render(root, params, ctx) {
  await useStyles('registry');
  const { name, version } = params;
  const base = `${paths.native}/models/${seg(name)}/versions/${seg(version)}`;
  const [{ model_version: mv }, pkg] = await Promise.all([
    ctx.api.get(`${paths.mlflow}/model-versions/get`, { name, version }),
    ctx.api.get(`${base}/package`),
  ]);
  ctx.setTitle(`${name} v${version}`);

  const head = h('div', { class: 'page-head' });
  const summary = h('dl', { class: 'summary', id: 'version-summary' });
  const message = h('p', { class: 'message', role: 'status', id: 'version-message' });
  const lineage = h('section', { 'aria-labelledby': 'lineage-h', id: 'lineage' }, h('h2', { id: 'lineage-h' }, 'Lineage'), h('p', { class: 'muted' }, 'Loading…'));
  const evaluations = h('section', { class: 'card', 'aria-labelledby': 'evaluations-h', id: 'evaluations' }, h('h2', { id: 'evaluations-h' }, 'Evaluations'), h('p', { class: 'muted' }, 'Loading…'));
  const integrity = integritySection(pkg);

  replace(root,
    h('div', { class: 'breadcrumbs' }, link('/models', 'Models'), ' / ', link(`/models/${seg(name)}`, name), ' / '),
    head,
    summary,
    ctx.caller.can('maintainer') ? actions() : null,
    message,
    h('div', { class: 'cards' }, signatureSection(pkg), integrity.element),
    lineage,
    evaluations);
  draw(mv);

  // The graph and the evaluations need more calls; they fill in while the rest is already shown.
  await Promise.all([
    drawLineage().catch((error) => replace(lineage, h('h2', { id: 'lineage-h' }, 'Lineage'), h('p', { class: 'status-bad' }, error.message))),
    drawEvaluations(mv).catch((error) => replace(evaluations, h('h2', { id: 'evaluations-h' }, 'Evaluations'), h('p', { class: 'status-bad' }, error.message))),
  ]);

  function draw(v) {
    replace(head,
      h('h1', { tabindex: '-1' }, `${name} `, h('span', { class: 'muted' }, `version ${v.version}`)),
      h('span', { class: 'pill', id: 'stage' }, v.current_stage ?? 'None'),
      h('span', { id: 'aliases' }, (v.aliases ?? []).map((a) => h('span', { class: 'pill alias', 'data-alias': a }, '@' + a))),
      (v.tags ?? []).some((t) => t.key === 'crucible.evaluation.gate') ? gate(v) : null);
    replace(summary,
      h('dt', {}, 'Stage'), h('dd', { id: 'summary-stage' }, v.current_stage ?? 'None'),
      h('dt', {}, 'Status'), h('dd', {}, v.status ?? '', v.status_message ? ` (${v.status_message})` : ''),
      h('dt', {}, 'Source'), h('dd', { class: 'wrap-anywhere' }, h('code', {}, v.source)),
      h('dt', {}, 'Run'), h('dd', {}, v.run_id ? link(`/runs/${seg(v.run_id)}`, v.run_id) : h('span', { class: 'muted' }, 'none')),
      h('dt', {}, 'Created'), h('dd', {}, `${formatTime(v.creation_timestamp)} (${formatAgo(v.creation_timestamp)})`),
      h('dt', {}, 'Updated'), h('dd', {}, formatTime(v.last_updated_timestamp)),
      h('dt', {}, 'Description'), h('dd', {}, v.description || h('span', { class: 'muted' }, 'none')),
      h('dt', {}, 'Tags'), h('dd', {}, tags(v.tags)));
  }

  function actions() {
    const stage = h('select', { id: 'stage-select', name: 'stage' }, stages.map((s) => h('option', { value: s }, s)));
    stage.value = mv.current_stage ?? 'None';
    const archive = h('input', { type: 'checkbox', id: 'archive-existing', name: 'archive_existing_versions' });
    const alias = h('input', { type: 'text', id: 'alias-here', name: 'alias', required: true, autocomplete: 'off', spellcheck: 'false' });
    return h('div', { class: 'cards' },
      h('form', { class: 'card actions', id: 'stage-form', 'aria-label': 'Change stage', onSubmit: (e) => { e.preventDefault(); run(async () => {
        const answer = await ctx.api.post(`${paths.mlflow}/model-versions/transition-stage`, { name, version, stage: stage.value, archive_existing_versions: archive.checked });
        return answer.model_version;
      }, `Moved to ${stage.value}.`); } },
        h('label', { for: 'stage-select' }, 'Stage', stage),
        h('label', { for: 'archive-existing', class: 'inline' }, h('span', {}, 'Archive other versions in this stage'), archive),
        h('button', { type: 'submit', class: 'primary' }, 'Change stage')),
      h('form', { class: 'card actions', id: 'alias-here-form', 'aria-label': 'Point an alias here', onSubmit: (e) => { e.preventDefault(); run(async () => {
        await ctx.api.post(`${paths.mlflow}/registered-models/alias`, { name, alias: alias.value.trim(), version });
        return (await ctx.api.get(`${paths.mlflow}/model-versions/get`, { name, version })).model_version;
      }, `@${alias.value.trim()} now points here.`); } },
        h('label', { for: 'alias-here' }, 'Alias', alias),
        h('button', { type: 'submit', class: 'primary' }, 'Point alias here')));
  }

  async function run(action, text) {
    try {
      const fresh = await action();
      if (fresh) draw(fresh);
      message.textContent = text;
      message.className = 'message status-ok';
    } catch (error) {
      message.textContent = error.message;
      message.className = 'message status-bad';
    }
  }

  function integritySection(p) {
    const files = p.files ?? [];
    const result = h('p', { class: 'message', role: 'status', id: 'verify-result' });
    const verify = h('button', { type: 'button', id: 'verify', onClick: async () => {
      verify.disabled = true;
      result.textContent = 'Checking…';
      result.className = 'message muted';
      try {
        const checked = await ctx.api.post(`${base}/verify`);
        const n = (checked.files ?? []).length;
        result.textContent = `Verified: ${n} file${n === 1 ? '' : 's'} match the SHA-256 recorded at registration.`;
        result.className = 'message status-ok';
      } catch (error) {
        result.textContent = `Failed: ${error.message}`;
        result.className = 'message status-bad';
      } finally {
        verify.disabled = false;
      }
    } }, 'Verify files');
    const element = h('section', { class: 'card', 'aria-labelledby': 'integrity-h', id: 'integrity' },
      h('h2', { id: 'integrity-h' }, 'Integrity'),
      files.length === 0
        ? h('p', { class: 'muted' }, 'No package files were recorded for this version (it was not registered from a Crucible package).')
        : [h('table', { class: 'grid', id: 'package-files' },
            h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'File'), h('th', { scope: 'col', class: 'num' }, 'Size'), h('th', { scope: 'col' }, 'SHA-256'))),
            h('tbody', {}, files.map((f) => h('tr', {}, h('td', {}, f.path), h('td', { class: 'num' }, formatBytes(f.size)), h('td', { class: 'mono wrap-anywhere', title: f.sha256 }, f.sha256))))),
          h('div', { class: 'actions' }, verify), result]);
    return { element };
  }

  function signatureSection(p) {
    const d = p.package;
    const tensors = (list, caption, id) => h('table', { class: 'grid', id },
      h('caption', {}, caption),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Name'), h('th', { scope: 'col' }, 'Type'), h('th', { scope: 'col' }, 'Shape'))),
      h('tbody', {}, (list ?? []).map((t) => h('tr', { 'data-tensor': t.name },
        h('td', { class: 'mono' }, t.name), h('td', {}, t.datatype ?? t.type), h('td', { class: 'mono' }, shape(t))))));
    return h('section', { class: 'card', 'aria-labelledby': 'signature-h', id: 'signature' },
      h('h2', { id: 'signature-h' }, 'Signature'),
      d ? [tensors(d.inputs, 'Inputs', 'signature-inputs'), tensors(d.outputs, 'Outputs', 'signature-outputs'),
        h('p', { class: 'muted' }, `Read from the ONNX graph: ${d.model_file}, IR ${d.ir_version}, opsets ${Object.entries(d.opsets ?? {}).map(([k, v]) => `${k || 'ai.onnx'} ${v}`).join(', ')}, produced by ${d.producer} ${d.producer_version}.`)]
        : h('p', { class: 'muted' }, 'No signature: this version has no Crucible package.'));
  }

  async function drawLineage() {
    const [graph, deployments, monitors] = await Promise.all([
      ctx.api.get(`${base}/lineage`),
      ctx.api.get(`${paths.native}/deployments`).then((d) => d.deployments ?? []).catch(() => []),
      ctx.api.get(`${paths.native}/monitors`).then((m) => m.monitors ?? []).catch(() => []),
    ]);
    const aliases = new Set(mv.aliases ?? []);
    const serving = deployments.filter((d) => routesTo(d, name, version, aliases));
    const versionId = `version:${name}/${version}`;
    const datasets = (graph.datasets ?? []).map((d) => ({ id: `dataset:${d.name}@${d.digest}`, kind: 'dataset', label: d.name, sub: `digest ${d.digest}`, href: `/datasets/${seg(d.name)}` }));
    const runNode = graph.run_id ? [{ id: `run:${graph.run_id}`, kind: 'run', label: graph.run_name || graph.run_id, sub: `run ${graph.run_status ?? ''}`.trim(), href: `/runs/${seg(graph.run_id)}` }] : [];
    const deploymentNodes = serving.map((d) => ({ id: `deployment:${d.name}`, kind: 'deployment', label: d.name, sub: share(d, name, version, aliases), href: `/deployments/${seg(d.name)}` }));
    const monitorNodes = monitors.filter((m) => serving.some((d) => d.name === m.deployment)).map((m) => ({
      id: `monitor:${m.id}`, kind: 'monitor', label: `monitor ${m.id.slice(0, 8)}`, sub: `${m.deployment}${m.enabled ? '' : ' (disabled)'}`, href: `/monitors/${seg(m.deployment)}`, deployment: m.deployment,
    }));
    const edges = [
      ...datasets.flatMap((d) => runNode.map((r) => [d.id, r.id])),
      ...runNode.map((r) => [r.id, versionId]),
      ...deploymentNodes.map((d) => [versionId, d.id]),
      ...monitorNodes.map((m) => [`deployment:${m.deployment}`, m.id]),
    ];
    replace(lineage,
      h('h2', { id: 'lineage-h' }, 'Lineage'),
      drawGraph({
        label: `Lineage of ${name} version ${version}`,
        columns: [
          { title: 'Datasets', nodes: datasets },
          { title: 'Run', nodes: runNode },
          { title: 'Version', nodes: [{ id: versionId, kind: 'version', label: `${name} v${version}`, sub: mv.current_stage ?? 'None', current: true }] },
          { title: 'Deployments', nodes: deploymentNodes },
          { title: 'Monitors', nodes: monitorNodes },
        ],
        edges,
      }),
      h('p', { class: 'muted' }, 'From ', h('code', {}, `GET ${base}/lineage`), ', the deployments whose routes or shadow resolve to this version, and their monitors.'));
  }

  async function drawEvaluations(v) {
    const latest = (v.tags ?? []).find((t) => t.key === latestTag)?.value ?? null;
    const head = h('h2', { id: 'evaluations-h' }, 'Evaluations');
    if (!v.run_id) {
      replace(evaluations, head, h('p', { class: 'muted' }, 'No source run, so no stored evaluations.'));
      return;
    }
    const listing = await ctx.api.get(`${paths.mlflow}/artifacts/list`, { run_id: v.run_id, path: 'evaluations' }).catch(() => ({}));
    const root = (listing.root_uri ?? '').replace(/^mlflow-artifacts:\/*/, '');
    const ids = (listing.files ?? []).filter((f) => f.is_dir).map((f) => f.path.split('/').pop());
    if (!ids.length) {
      replace(evaluations, head, h('p', { class: 'muted' }, 'Not evaluated yet. ', h('code', {}, `POST ${base}/evaluations`), ' evaluates it on a dataset and stores the report here.'));
      return;
    }
    ids.sort((a, b) => (a === latest ? -1 : b === latest ? 1 : 0));
    const frame = h('div', { id: 'report-frame' });
    const reportUrl = (id) => `${paths.artifacts}/${root.split('/').map(encodeURIComponent).join('/')}/evaluations/${id}/report.html`;
    const show = (id) => replace(frame, h('iframe', { class: 'report-frame', src: reportUrl(id), sandbox: '', title: `Evaluation report ${id}`, loading: 'lazy' }));
    replace(evaluations, head,
      latest ? await latestSummary(latest) : null,
      h('table', { class: 'grid', id: 'evaluation-list' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Evaluation'), h('th', { scope: 'col' }, 'Report'))),
        h('tbody', {}, ids.map((id) => h('tr', { 'data-evaluation': id },
          h('td', { class: 'mono' }, id, id === latest ? h('span', { class: 'pill' }, 'latest') : null),
          h('td', {}, h('button', { type: 'button', onClick: () => show(id) }, 'Show report'), ' ', h('a', { href: reportUrl(id), target: '_blank', rel: 'noopener' }, 'Open in a new tab')))))),
      frame);
  }

  async function latestSummary(id) {
    const result = await ctx.api.get(`${base}/evaluations/${seg(id)}`).catch(() => null);
    if (!result) return null;
    const gateResult = result.gate;
    return h('div', { id: 'latest-evaluation' },
      gateResult ? h('p', {}, 'Gate ', h('code', {}, gateResult.expression), ': ',
        h('span', { class: `pill ${gateResult.passed ? 'ok' : 'bad'}`, id: 'gate-result' }, gateResult.passed ? 'passed' : 'failed')) : null,
      gateResult?.evidence?.length ? h('ul', {}, gateResult.evidence.map((e) => h('li', { class: e.passed ? 'status-ok' : 'status-bad' },
        `${e.comparison}: ${formatNumber(e.left)} ${e.operator} ${formatNumber(e.right)} ${e.passed ? '✓' : '✗'}`))) : null,
      h('table', { class: 'grid', id: 'evaluation-metrics' },
        h('caption', {}, `Latest evaluation (${result.row_count ?? '?'} rows)`),
        h('tbody', {}, Object.entries(result.metrics ?? {}).map(([k, val]) => h('tr', {}, h('th', { scope: 'row' }, k), h('td', { class: 'num' }, formatNumber(val)))))));
  }
}

function shape(t) {
  if (t.dims?.length) return `[${t.dims.map((d, i) => d ?? t.shape?.[i] ?? '?').join(', ')}]`;
  if (t.shape) return `[${t.shape.map((d) => (d < 0 ? '?' : d)).join(', ')}]`;
  return '';
}

/** True when a route or the shadow of the deployment sends to this version, directly, by alias, or as resolved here. */
export function routesTo(deployment, name, version, aliases) {
  const hits = (r) => r.model === name && (r.version === version || (r.alias && aliases.has(r.alias)));
  if ((deployment.routes ?? []).some(hits) || (deployment.shadow && hits(deployment.shadow))) return true;
  return (deployment.status ?? []).some((s) => s.model === name && s.resolved_version === version);
}

function share(deployment, name, version, aliases) {
  const total = (deployment.routes ?? []).reduce((sum, r) => sum + (r.weight ?? 100), 0);
  const mine = (deployment.routes ?? []).filter((r) => r.model === name && (r.version === version || (r.alias && aliases.has(r.alias))))
    .reduce((sum, r) => sum + (r.weight ?? 100), 0);
  if (mine > 0 && total > 0) return `${Math.round((mine / total) * 1000) / 10}% of traffic`;
  if (deployment.shadow && deployment.shadow.model === name) return 'shadow';
  return 'routed';
}

// #/pipelines/{name}?run={id}: the pipeline's definition as a step graph (from GET /pipelines/{name}: steps with
// their needs, in run order), its params and triggers and YAML; its runs (GET /pipelines/{name}/runs); the selected
// run's steps with status, duration, outputs and log (GET /pipeline-runs/{id}), drawn onto the graph and refreshed
// every 2 s while the run is queued or running. Maintainers may start a run with parameter overrides.

import { h, replace, link, seg } from '../components/dom.js';
import { formatAgo, formatDuration, formatTime } from '../components/format.js';
import { stepGraph } from '../components/stepgraph.js';
import { useStyles } from '../components/styles.js';
import { paths } from '../api.js';

const refreshMs = 2000;

export async function render(root, params, ctx) {
  await useStyles('loop');
  const name = params.name;
  const base = `${paths.native}/pipelines/${seg(name)}`;
  const [{ pipeline }, { runs }] = await Promise.all([ctx.api.get(base), ctx.api.get(`${base}/runs`, { max_results: 50 })]);
  const state = { runs: runs ?? [], run: null, step: ctx.query.get('step'), timer: null, stopped: false };
  state.runId = ctx.query.get('run') ?? state.runs[0]?.run_id ?? null;
  ctx.setTitle(`${name} · Pipeline`);

  const graphSlot = h('div', {});
  const runsSlot = h('div', {});
  const runSlot = h('div', { id: 'run-detail' });
  const start = ctx.caller.can('maintainer')
    ? h('button', { type: 'button', class: 'primary', id: 'start-run', onClick: () => startDialog(root, ctx, pipeline, base, (run) => { state.runs.unshift(run); select(run.run_id); }) }, 'Start run')
    : null;

  replace(root,
    h('div', { class: 'breadcrumbs' }, link('/pipelines', 'Pipelines'), ' / '),
    h('div', { class: 'page-head' }, h('h1', { tabindex: '-1' }, name), start),
    h('section', { class: 'panel', 'aria-labelledby': 'def-h' },
      h('h2', { id: 'def-h' }, 'Definition'),
      graphSlot,
      h('dl', { class: 'kv' },
        h('dt', {}, 'Triggers'), h('dd', { id: 'pipeline-triggers' }, triggerText(pipeline)),
        h('dt', {}, 'Parameters'), h('dd', {}, Object.keys(pipeline.params ?? {}).length
          ? Object.entries(pipeline.params).map(([k, v]) => h('span', { class: 'tag' }, `${k} = ${v}`)).flatMap((x) => [x, ' '])
          : h('span', { class: 'muted' }, 'none')),
        h('dt', {}, 'Updated'), h('dd', {}, formatTime(pipeline.last_updated_timestamp))),
      h('details', {}, h('summary', {}, 'YAML'), h('pre', { class: 'code', id: 'pipeline-yaml' }, pipeline.yaml))),
    h('section', { class: 'panel', 'aria-labelledby': 'runs-h' }, h('h2', { id: 'runs-h' }, 'Runs'), runsSlot),
    runSlot);

  function drawGraph() {
    const status = Object.fromEntries((state.run?.steps ?? []).map((st) => [st.step_id, st.status]));
    replace(graphSlot, stepGraph({ steps: pipeline.steps, status, selected: state.step, onSelect: (id) => openStep(id) }));
  }

  function drawRuns() {
    if (!state.runs.length) {
      replace(runsSlot, h('p', { class: 'muted', id: 'no-runs' }, 'No runs yet.'));
      return;
    }
    replace(runsSlot, h('div', { class: 'scroll-x' }, h('table', { class: 'plain', id: 'runs-table' },
      h('thead', {}, h('tr', {}, h('th', {}, 'Run'), h('th', {}, 'Status'), h('th', {}, 'Trigger'), h('th', {}, 'Started'), h('th', { class: 'num' }, 'Duration'))),
      h('tbody', {}, state.runs.map((r) => h('tr', { class: r.run_id === state.runId ? 'selected' : '', 'data-run': r.run_id },
        h('td', {}, h('a', { href: `#/pipelines/${seg(name)}?run=${seg(r.run_id)}`, onClick: (e) => { e.preventDefault(); select(r.run_id); } }, r.run_id)),
        h('td', {}, h('span', { class: `pill st-${r.status}` }, r.status)),
        h('td', {}, triggerLink(r.trigger, pipeline)),
        h('td', { title: formatTime(r.start_time ?? r.creation_timestamp) }, formatAgo(r.start_time ?? r.creation_timestamp)),
        h('td', { class: 'num' }, formatDuration(r.duration_ms))))))));
  }

  function drawRun() {
    const run = state.run;
    if (!run) {
      replace(runSlot);
      return;
    }
    const steps = run.steps ?? [];
    replace(runSlot, h('section', { class: 'panel', 'aria-labelledby': 'run-h', 'data-run': run.run_id, 'data-status': run.status },
      h('h2', { id: 'run-h' }, 'Run ', h('code', {}, run.run_id), ' ', h('span', { class: `pill st-${run.status}`, id: 'run-status' }, run.status)),
      h('dl', { class: 'kv' },
        h('dt', {}, 'Trigger'), h('dd', {}, triggerLink(run.trigger, pipeline)),
        h('dt', {}, 'Started'), h('dd', {}, formatTime(run.start_time) || 'not yet'),
        h('dt', {}, 'Duration'), h('dd', {}, formatDuration(run.duration_ms) || (inProgress(run) ? 'running…' : '')),
        Object.keys(run.params ?? {}).length ? [h('dt', {}, 'Parameters'), h('dd', {}, Object.entries(run.params).map(([k, v]) => `${k} = ${v}`).join(', '))] : null,
        run.error ? [h('dt', {}, 'Error'), h('dd', { class: 'status-bad', id: 'run-error' }, run.error)] : null),
      inProgress(run) ? h('p', { class: 'muted', role: 'status' }, 'Refreshing every 2 s while the run is in progress.') : null,
      h('div', { class: 'step-list', id: 'step-list' }, steps.map((st) => {
        const details = h('details', { 'data-step': st.step_id, 'data-status': st.status, open: st.step_id === state.step },
          h('summary', {}, h('strong', {}, st.step_id), h('span', { class: 'muted' }, st.type), h('span', { class: `pill st-${st.status}` }, st.status),
            h('span', { class: 'muted' }, formatDuration(st.duration_ms))),
          Object.keys(st.outputs ?? {}).length
            ? h('dl', { class: 'kv' }, Object.entries(st.outputs).map(([k, v]) => [h('dt', {}, k), h('dd', {}, outputValue(k, v))]))
            : null,
          st.log ? h('pre', { class: 'log', 'aria-label': `Log of step ${st.step_id}` }, st.log) : h('p', { class: 'muted' }, 'No log.'));
        details.addEventListener('toggle', () => { if (details.open) { state.step = st.step_id; remember(); drawGraph(); } });
        return details;
      }))));
  }

  async function load(id) {
    if (!id) { state.run = null; drawGraph(); drawRun(); return; }
    state.run = (await ctx.api.get(`${paths.native}/pipeline-runs/${seg(id)}`)).run;
    const listed = state.runs.findIndex((r) => r.run_id === id);
    if (listed >= 0) state.runs[listed] = { ...state.runs[listed], ...state.run };
    drawGraph(); drawRuns(); drawRun();
    schedule();
  }

  function schedule() {
    clearTimeout(state.timer);
    if (state.stopped || !state.run || !inProgress(state.run)) return;
    state.timer = setTimeout(async () => {
      try { await load(state.run.run_id); } catch (error) { if (!state.stopped) ctx.showError(error); }
    }, refreshMs);
  }

  function remember() {
    const q = new URLSearchParams();
    if (state.runId) q.set('run', state.runId);
    if (state.step) q.set('step', state.step);
    ctx.navigate(`/pipelines/${seg(name)}?${q}`, { replace: true });
  }

  async function select(id) {
    state.runId = id;
    remember();
    try { await load(id); } catch (error) { ctx.showError(error); }
  }

  function openStep(id) {
    state.step = id;
    remember();
    drawGraph();
    const details = runSlot.querySelector(`details[data-step="${CSS.escape(id)}"]`);
    if (details) { details.open = true; details.scrollIntoView({ block: 'nearest' }); details.querySelector('summary').focus(); }
  }

  drawRuns();
  await load(state.runId);
  return () => { state.stopped = true; clearTimeout(state.timer); };
}

function inProgress(run) {
  return run.status === 'queued' || run.status === 'running';
}

function triggerText(p) {
  const out = ['by hand (maintainers)'];
  if (p.schedule) out.push(`every ${p.schedule}`);
  if (p.on_retraining_signal) out.push(`on a retraining signal of deployment ${p.on_retraining_signal}`);
  return out.join('; ');
}

/** 'retraining_signal:<id>' links to the monitor page of the deployment the pipeline listens to; other triggers are text. */
function triggerLink(trigger, pipeline) {
  if (!trigger?.startsWith('retraining_signal:')) return trigger;
  const id = h('code', {}, trigger.slice('retraining_signal:'.length));
  return pipeline.on_retraining_signal
    ? h('span', {}, 'retraining signal ', id, ' of ', link(`/monitors/${seg(pipeline.on_retraining_signal)}`, pipeline.on_retraining_signal))
    : h('span', {}, 'retraining signal ', id);
}

function outputValue(key, value) {
  if (key === 'run_id' && /^[0-9a-f]{32}$/.test(value)) return link(`/runs/${seg(value)}`, value);
  const model = /^models:\/([^/@]+)\/(\d+)$/.exec(value);
  if (model) return link(`/models/${seg(model[1])}/versions/${seg(model[2])}`, value);
  return value;
}

function startDialog(root, ctx, pipeline, base, onStarted) {
  const inputs = Object.entries(pipeline.params ?? {}).map(([k, v]) => {
    const input = h('input', { type: 'text', name: k, id: `param-${k}`, value: v });
    return { k, v, input, row: [h('label', { for: `param-${k}` }, k), input] };
  });
  const message = h('p', { role: 'status', class: 'muted' });
  const dialog = h('dialog', { 'aria-label': 'Start a run' },
    h('form', { class: 'stack', onSubmit: async (e) => {
      e.preventDefault();
      const overrides = Object.fromEntries(inputs.filter((i) => i.input.value !== i.v).map((i) => [i.k, i.input.value]));
      try {
        const answer = await ctx.api.post(`${base}/runs`, Object.keys(overrides).length ? { params: overrides } : {});
        dialog.close();
        onStarted(answer.run);
      } catch (error) {
        message.textContent = error.message;
        message.className = 'status-bad';
      }
    } },
      h('h2', {}, `Start a run of ${pipeline.name}`),
      inputs.length ? h('div', { class: 'kv' }, inputs.map((i) => i.row)) : h('p', { class: 'muted' }, 'This pipeline has no parameters.'),
      message,
      h('div', { class: 'toolbar' }, h('button', { type: 'submit', class: 'primary' }, 'Start'), h('button', { type: 'button', onClick: () => dialog.close() }, 'Cancel'))));
  dialog.addEventListener('close', () => dialog.remove());
  root.append(dialog);
  dialog.showModal();
  (inputs[0]?.input ?? dialog.querySelector('button[type=submit]')).focus();
}

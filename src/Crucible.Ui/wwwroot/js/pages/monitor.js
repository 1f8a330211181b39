// #/monitors/{name}?monitor={id}&alert={id}: monitoring of deployment {name}, read from the native monitoring API:
// its monitors (GET /monitors?deployment=), each monitor's evaluations per window (GET /monitors/{id}/evaluations:
// drifted share and per-column scores against their thresholds), alerts with their evidence (GET /alerts), realized
// and estimated performance with bands (GET /deployments/{name}/performance), retraining signals
// (GET /retraining-signals) and the pipeline runs they started (runs whose trigger is retraining_signal:{id}), and
// the drift-over-time HTML report of the latest windows (GET /deployments/{name}/drift-report), which draws each
// column's distribution in the latest window against the reference.

import { h, replace, link, seg } from '../components/dom.js';
import { formatAgo, formatNumber, formatTime, formatDuration } from '../components/format.js';
import { timeSeries } from '../components/timeseries.js';
import { useStyles } from '../components/styles.js';
import { paths } from '../api.js';

const maxColumnCharts = 24;
const reportWindows = 24;

export async function render(root, params, ctx) {
  await useStyles('loop');
  const name = params.name;
  const api = paths.native;
  ctx.setTitle(`${name} · Monitor`);
  const [{ monitors = [] }, { alerts = [] }, { signals = [] }] = await Promise.all([
    ctx.api.get(`${api}/monitors`, { deployment: name }),
    ctx.api.get(`${api}/alerts`, { deployment: name, max_results: 500 }),
    ctx.api.get(`${api}/retraining-signals`, { deployment: name, max_results: 200 }),
  ]);

  const head = [
    h('div', { class: 'breadcrumbs' }, link('/deployments', 'Deployments'), ' / ', link(`/deployments/${seg(name)}`, name), ' / '),
    h('div', { class: 'page-head' }, h('h1', { tabindex: '-1' }, `Monitoring: ${name}`)),
  ];
  if (!monitors.length) {
    replace(root, head, h('section', { class: 'panel', id: 'no-monitor' },
      h('p', {}, `Deployment ${name} has no monitor yet.`),
      h('p', { class: 'muted' }, 'A maintainer creates one with crucible monitor create or POST /api/crucible/v1/monitors {"deployment", "reference_start", "reference_end"}.')));
    return;
  }

  const chosen = monitors.find((m) => m.id === ctx.query.get('monitor'))
    ?? monitors.find((m) => (m.rule ?? 'drift_share') === 'drift_share') ?? monitors[0];
  const { evaluations = [] } = await ctx.api.get(`${api}/monitors/${seg(chosen.id)}/evaluations`, { max_results: 1000 });
  const windows = [...evaluations].sort((a, b) => a.window_start - b.window_start);
  const latest = windows[windows.length - 1] ?? null;
  const firing = alerts.filter((a) => a.status === 'firing');

  const picker = monitors.length > 1
    ? h('label', {}, 'Monitor ', monitorPicker(monitors, chosen, (id) => ctx.navigate(`/monitors/${seg(name)}?monitor=${seg(id)}`)))
    : null;
  const perfSlot = h('div', { id: 'performance' }, h('p', { class: 'muted' }, 'Reading performance…'));
  const signalSlot = h('div', { id: 'signals' });
  const alertDialogHost = h('div', {});

  replace(root, head,
    h('div', { class: 'toolbar' }, picker, h('span', { class: 'muted', id: 'monitor-summary' }, describeMonitor(chosen))),
    h('div', { class: 'cards' },
      card('Drifted share, latest window', latest ? formatShare(shareOf(latest.evidence)) : '—', 'latest-share',
        latest ? `threshold ${formatShare(thresholdOf(latest.evidence))}` : 'no window evaluated yet'),
      card('Firing alerts', String(firing.length), 'firing-count', `${alerts.length} alert${alerts.length === 1 ? '' : 's'} in all`),
      card('Windows evaluated', String(windows.length), 'window-count', latest ? `latest ${formatTime(latest.window_start)}` : ''),
      card('Retraining signals', String(signals.length), 'signal-count', signals[0] ? `latest ${formatAgo(signals[0].creation_time)}` : '')),
    h('section', { class: 'panel', 'aria-labelledby': 'drift-h' },
      h('h2', { id: 'drift-h' }, 'Drift over time'),
      driftChart(chosen, windows),
      columnCharts(windows)),
    h('section', { class: 'panel', 'aria-labelledby': 'latest-h' },
      h('h2', { id: 'latest-h' }, 'Latest window against the reference'),
      latest ? latestView(latest) : h('p', { class: 'muted' }, 'No window has been evaluated yet.'),
      reportView(name, chosen, windows)),
    h('section', { class: 'panel', 'aria-labelledby': 'perf-h' }, h('h2', { id: 'perf-h' }, 'Performance'), perfSlot),
    h('section', { class: 'panel', 'aria-labelledby': 'alerts-h' }, h('h2', { id: 'alerts-h' }, 'Alerts'), alertsTable(alerts, monitors, (a) => openAlert(a))),
    h('section', { class: 'panel', 'aria-labelledby': 'signals-h' }, h('h2', { id: 'signals-h' }, 'Retraining signals'), signalSlot),
    alertDialogHost);

  function openAlert(alert) {
    const q = new URLSearchParams(ctx.query);
    q.set('alert', alert.id);
    ctx.navigate(`/monitors/${seg(name)}?${q}`, { replace: true });
    alertDialog(alertDialogHost, alert, monitors, name, () => {
      const back = new URLSearchParams(ctx.query);
      back.delete('alert');
      ctx.navigate(`/monitors/${seg(name)}${back.toString() ? '?' + back : ''}`, { replace: true });
    });
  }

  const deepAlert = ctx.query.get('alert');
  if (deepAlert) {
    const found = alerts.find((a) => a.id === deepAlert);
    if (found) openAlert(found);
  }

  await Promise.all([
    performanceView(ctx, name, perfSlot),
    signalsView(ctx, name, signals, alerts, signalSlot, (a) => openAlert(a)),
  ]);
}

function card(label, value, id, note) {
  return h('div', { class: 'card' }, h('div', { class: 'card-label' }, label), h('div', { class: 'card-value', id }, value),
    note ? h('div', { class: 'muted' }, note) : null);
}

function monitorPicker(monitors, chosen, onChange) {
  const select = h('select', { id: 'monitor-picker', name: 'monitor' },
    monitors.map((m) => h('option', { value: m.id }, `${m.rule ?? 'drift_share'}${m.column ? ' ' + m.column : ''}${m.metric ? ' ' + m.metric : ''} (${m.id.slice(0, 8)})`)));
  select.value = chosen.id;
  select.addEventListener('change', () => onChange(select.value));
  return select;
}

function describeMonitor(m) {
  const reference = m.reference_dataset ? `dataset ${m.reference_dataset}` : `${formatTime(m.reference_start)} – ${formatTime(m.reference_end)}`;
  return `Rule ${m.rule ?? 'drift_share'} · windows of ${formatDuration(m.window_ms)} · reference ${reference} · ${m.enabled ? 'enabled' : 'disabled'}${m.retrain ? ' · raises retraining signals' : ''}`;
}

/** The drifted share of a drift-share evaluation (its report's share), else the rule's measured value. */
function shareOf(evidence) {
  return evidence?.share ?? evidence?.value ?? null;
}

function thresholdOf(evidence) {
  return evidence?.drift_share ?? evidence?.threshold ?? null;
}

function formatShare(v) {
  return v === null || v === undefined ? '—' : formatNumber(Number(v.toFixed(4)));
}

function driftChart(monitor, windows) {
  const drift = (monitor.rule ?? 'drift_share') === 'drift_share';
  return timeSeries({
    id: 'drift-chart',
    title: drift ? 'Share of drifted columns per window' : `${monitor.rule}: measured value per window`,
    series: [{ name: drift ? 'drifted share' : 'value', points: windows.map((w) => ({ x: w.window_start, y: shareOf(w.evidence), fired: w.fired })) }],
    thresholds: [{ name: 'threshold', points: windows.map((w) => ({ x: w.window_start, y: thresholdOf(w.evidence) })) }],
    yMin: drift ? 0 : undefined,
    yMax: drift ? 1 : undefined,
  });
}

/** Score of a column: its p-value when the test has one (drift below the threshold), else its statistic (drift above). */
function columnScore(c) {
  return c.p_value ?? c.statistic;
}

function columnCharts(windows) {
  const byColumn = new Map();
  for (const w of windows) {
    for (const c of w.evidence?.columns ?? []) {
      if (!byColumn.has(c.column)) byColumn.set(c.column, []);
      byColumn.get(c.column).push({ x: w.window_start, c });
    }
  }
  if (!byColumn.size) return null;
  const names = [...byColumn.keys()].sort((a, b) => {
    const da = byColumn.get(a).filter((p) => p.c.drift).length, db = byColumn.get(b).filter((p) => p.c.drift).length;
    return db - da || a.localeCompare(b);
  });
  const shown = names.slice(0, maxColumnCharts);
  return h('div', {},
    h('h3', {}, 'Per-column scores against their thresholds'),
    h('p', { class: 'muted' }, 'p-value for tests that have one (the column drifts below the threshold), the distance otherwise (drifts above). Red points are windows where the column drifted.',
      names.length > shown.length ? ` Showing the ${shown.length} columns that drifted most often of ${names.length}.` : ''),
    h('div', { class: 'grid-2', id: 'column-charts' }, shown.map((column) => {
      const points = byColumn.get(column);
      const test = points[points.length - 1].c.test;
      return timeSeries({
        title: `${column} (${test}${points[points.length - 1].c.p_value !== undefined && points[points.length - 1].c.p_value !== null ? ', p-value' : ''})`,
        series: [{ name: 'score', points: points.map((p) => ({ x: p.x, y: columnScore(p.c), fired: p.c.drift })) }],
        thresholds: [{ name: 'threshold', points: points.map((p) => ({ x: p.x, y: p.c.threshold })) }],
        width: 380,
        height: 170,
      });
    })));
}

function latestView(latest) {
  const e = latest.evidence ?? {};
  const columns = [...(e.columns ?? [])].sort((a, b) => Number(b.drift) - Number(a.drift) || a.column.localeCompare(b.column));
  return h('div', {},
    h('p', { id: 'latest-sentence' }, `${formatTime(latest.window_start)} – ${formatTime(latest.window_end)}: `, e.sentence ?? '',
      latest.fired ? [' ', h('span', { class: 'pill st-firing' }, 'fired')] : null),
    e.reference_rows !== undefined ? h('p', { class: 'muted' }, `${e.reference_rows} reference rows, ${e.current_rows} rows in the window; ${e.drifted_columns} of ${columns.length} columns drifted; correction ${e.correction ?? 'none'}.`) : null,
    columns.length ? columnsTable(columns, 'latest-columns') : null,
    (e.skipped ?? []).length ? h('p', { class: 'muted' }, 'Not tested: ', e.skipped.map((s) => `${s.column} (${s.reason})`).join('; ')) : null);
}

function columnsTable(columns, id) {
  return h('div', { class: 'scroll-x' }, h('table', { class: 'plain', id },
    h('thead', {}, h('tr', {}, ['Column', 'Kind', 'Test', 'Statistic', 'p-value', 'Threshold', 'Drift'].map((t, i) => h('th', { class: i >= 3 && i <= 5 ? 'num' : null }, t)))),
    h('tbody', {}, columns.map((c) => h('tr', { 'data-column': c.column, 'data-drift': String(c.drift) },
      h('td', {}, c.column), h('td', {}, c.kind ?? ''), h('td', {}, c.test),
      h('td', { class: 'num' }, formatNumber(c.statistic)), h('td', { class: 'num' }, formatNumber(c.p_value)), h('td', { class: 'num' }, formatNumber(c.threshold)),
      h('td', {}, h('span', { class: `pill st-${c.drift ? 'drift' : 'ok'}` }, c.drift ? 'drifted' : 'no')))))));
}

/** The drift-over-time report of the latest windows (its last section draws each column against the reference). */
function reportView(name, monitor, windows) {
  if (monitor.reference_dataset) {
    return h('p', { class: 'muted' }, `The drift-over-time report compares with a window of served traffic; this monitor's reference is the dataset ${monitor.reference_dataset}.`);
  }
  const end = monitor.last_window_end ?? windows[windows.length - 1]?.window_end;
  if (!end) return null;
  const url = driftReportUrl(name, monitor, Math.max(monitor.reference_end, end - reportWindows * monitor.window_ms), end);
  const frame = h('iframe', { class: 'report-frame', title: `Drift report of ${name}`, loading: 'lazy', src: url, id: 'drift-report-frame' });
  return h('div', {},
    h('p', {}, h('a', { href: url, target: '_blank', rel: 'noopener', id: 'drift-report-link' }, 'Open the drift-over-time report'),
      h('span', { class: 'muted' }, ' (HTML: every window of the last day against the reference, and each column’s distribution in the latest window).')),
    h('details', {}, h('summary', {}, 'Show the report here'), frame));
}

function driftReportUrl(name, monitor, start, end) {
  const q = new URLSearchParams({ start_ms: start, end_ms: end, window_ms: monitor.window_ms, reference_start_ms: monitor.reference_start, reference_end_ms: monitor.reference_end });
  return `${paths.native}/deployments/${seg(name)}/drift-report?${q}`;
}

function alertsTable(alerts, monitors, onOpen) {
  if (!alerts.length) return h('p', { class: 'muted', id: 'no-alerts' }, 'No alerts.');
  const rule = (a) => a.evidence?.rule ?? monitors.find((m) => m.id === a.monitor_id)?.rule ?? 'drift_share';
  return h('div', { class: 'scroll-x' }, h('table', { class: 'plain', id: 'alerts-table' },
    h('thead', {}, h('tr', {}, ['Window', 'Status', 'Rule', 'What happened', 'Webhook', ''].map((t) => h('th', {}, t)))),
    h('tbody', {}, alerts.map((a) => h('tr', { 'data-alert': a.id, 'data-status': a.status },
      h('td', {}, formatTime(a.window_start)),
      h('td', {}, h('span', { class: `pill st-${a.status}` }, a.status), a.resolved_time ? h('span', { class: 'muted' }, ` ${formatAgo(a.resolved_time)}`) : null),
      h('td', {}, rule(a)),
      h('td', {}, a.evidence?.sentence ?? ''),
      h('td', {}, a.delivery_status),
      h('td', {}, h('button', { type: 'button', class: 'evidence', 'data-alert': a.id, onClick: () => onOpen(a) }, 'Evidence')))))));
}

function alertDialog(host, alert, monitors, name, onClose) {
  const e = alert.evidence ?? {};
  const monitor = monitors.find((m) => m.id === alert.monitor_id);
  const columns = e.columns ?? [];
  const dialog = h('dialog', { 'aria-labelledby': 'alert-h', id: 'alert-dialog', class: 'wide', 'data-alert': alert.id },
    h('h2', { id: 'alert-h' }, `Alert ${alert.id.slice(0, 12)}`),
    h('p', { id: 'alert-sentence' }, e.sentence ?? ''),
    h('dl', { class: 'kv' },
      h('dt', {}, 'Status'), h('dd', {}, h('span', { class: `pill st-${alert.status}` }, alert.status), alert.resolved_time ? ` (resolved ${formatTime(alert.resolved_time)})` : ''),
      h('dt', {}, 'Window'), h('dd', {}, `${formatTime(alert.window_start)} – ${formatTime(alert.window_end)}`),
      h('dt', {}, 'Rule'), h('dd', {}, e.rule ?? monitor?.rule ?? 'drift_share'),
      h('dt', {}, 'Measured'), h('dd', { id: 'alert-value' }, formatNumber(e.value)),
      h('dt', {}, 'Threshold'), h('dd', { id: 'alert-threshold' }, formatNumber(e.threshold)),
      e.share !== undefined ? [h('dt', {}, 'Drifted columns'), h('dd', {}, `${e.drifted_columns} (share ${formatShare(e.share)}, dataset drift at ${formatShare(e.drift_share)})`)] : null,
      h('dt', {}, 'Webhook'), h('dd', {}, `${alert.delivery_status}${alert.delivery_attempts ? `, ${alert.delivery_attempts} attempt(s)` : ''}${alert.delivery_error ? ': ' + alert.delivery_error : ''}`),
      h('dt', {}, 'Raised'), h('dd', {}, formatTime(alert.creation_time))),
    columns.length ? [h('h3', {}, 'Columns'), columnsTable(columns, 'alert-columns')] : null,
    monitor && !monitor.reference_dataset
      ? h('p', {}, h('a', { href: driftReportUrl(name, monitor, alert.window_start, alert.window_end), target: '_blank', rel: 'noopener' }, 'This window’s drift report (HTML)'))
      : null,
    h('details', {}, h('summary', {}, 'Evidence as stored (JSON)'), h('pre', { class: 'code', id: 'alert-json' }, JSON.stringify(e, null, 2))),
    h('div', { class: 'toolbar' }, h('button', { type: 'button', class: 'primary', onClick: () => dialog.close() }, 'Close')));
  dialog.addEventListener('close', () => { dialog.remove(); onClose(); });
  host.replaceChildren(dialog);
  dialog.showModal();
}

async function performanceView(ctx, name, slot) {
  let perf;
  try {
    perf = await ctx.api.get(`${paths.native}/deployments/${seg(name)}/performance`);
  } catch (error) {
    if (error?.name === 'AbortError') throw error;
    replace(slot, h('p', { class: 'muted', id: 'performance-note' }, `Not available: ${error.message}`));
    return;
  }
  const bands = perf.reference?.bands ?? [];
  const metrics = [...new Set([...bands.map((b) => b.metric), ...perf.windows.flatMap((w) => [...w.realized, ...w.estimated].map((m) => m.metric))])];
  const value = (list, metric) => list.find((m) => m.metric === metric);
  replace(slot,
    h('p', { class: 'muted', id: 'performance-summary' }, `${perf.task} · reference ${formatTime(perf.reference.start_ms)} – ${formatTime(perf.reference.end_ms)}, ${perf.reference.labelled_rows} of ${perf.reference.rows} rows labelled${perf.reference.calibrated ? ', calibrated' : ''}; ${perf.windows.length} windows.`),
    (perf.notes ?? []).map((n) => h('p', { class: 'muted' }, n)),
    metrics.length ? h('div', { class: 'grid-2', id: 'performance-charts' }, metrics.map((metric) => {
      const band = bands.find((b) => b.metric === metric);
      const lower = band?.lower_threshold, upper = band?.upper_threshold;
      return timeSeries({
        title: metric,
        series: [
          { name: 'realized', points: perf.windows.map((w) => { const m = value(w.realized, metric); return { x: w.start_ms, y: m?.value ?? null, fired: m?.alert }; }) },
          { name: 'estimated', points: perf.windows.map((w) => { const m = value(w.estimated, metric); return { x: w.start_ms, y: m?.value ?? null, fired: m?.alert }; }) },
        ],
        width: 380,
        height: 170,
        band: band ? { name: 'reference band', points: perf.windows.map((w) => ({ x: w.start_ms, lo: lower ?? band.mean - 3 * band.std, hi: upper ?? band.mean + 3 * band.std })) } : null,
      });
    })) : h('p', { class: 'muted' }, 'No metric could be computed for these windows.'));
}

async function signalsView(ctx, name, signals, alerts, slot, openAlert) {
  if (!signals.length) {
    replace(slot, h('p', { class: 'muted', id: 'no-signals' }, 'No retraining signals. A monitor with retrain: true raises one when its alert fires; a pipeline with on_retraining_signal for this deployment then starts.'));
    return;
  }
  const started = new Map();
  try {
    const { pipelines = [] } = await ctx.api.get(`${paths.native}/pipelines`);
    const listening = pipelines.filter((p) => p.on_retraining_signal === name);
    const lists = await Promise.all(listening.map((p) => ctx.api.get(`${paths.native}/pipelines/${seg(p.name)}/runs`, { max_results: 200 })));
    for (const run of lists.flatMap((l) => l.runs ?? [])) {
      const id = run.trigger?.startsWith('retraining_signal:') ? run.trigger.slice('retraining_signal:'.length) : null;
      if (id) { if (!started.has(id)) started.set(id, []); started.get(id).push(run); }
    }
  } catch (error) {
    if (error?.name === 'AbortError') throw error;
  }
  replace(slot, h('table', { class: 'plain', id: 'signals-table' },
    h('thead', {}, h('tr', {}, ['Raised', 'Reason', 'Alert', 'Started'].map((t) => h('th', {}, t)))),
    h('tbody', {}, signals.map((s) => {
      const alert = alerts.find((a) => a.id === s.alert_id);
      const runs = started.get(s.id) ?? [];
      return h('tr', { 'data-signal': s.id },
        h('td', { title: formatTime(s.creation_time) }, formatAgo(s.creation_time)),
        h('td', {}, s.reason),
        h('td', {}, alert ? h('button', { type: 'button', onClick: () => openAlert(alert) }, 'Evidence') : h('code', {}, s.alert_id.slice(0, 12))),
        h('td', {}, runs.length
          ? runs.map((r) => h('div', {}, link(`/pipelines/${seg(r.pipeline)}?run=${seg(r.run_id)}`, `${r.pipeline} run`), ' ', h('span', { class: `pill st-${r.status}` }, r.status)))
          : h('span', { class: 'muted' }, 'no pipeline run')));
    }))));
}

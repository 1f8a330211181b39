// A deployment's serving numbers per version, read from the server's own /metrics (this replica's counters since
// it started): requests and errors (crucible_serving_requests_total, crucible_serving_errors_total), latency
// (crucible_serving_request_duration_seconds histogram) and shadow traffic. Two readings give the rate and the
// latency of the requests in between.

import { parseMetrics, histogramQuantile } from './prometheus.js';

const prefix = 'crucible_serving_';

/** One reading: { at (ms), versions: Map(version → { requests, errors, reasons: {reason: n}, buckets: [{le, count}], sum, shadow }) }. */
export function readServingStats(text, deployment, at = Date.now()) {
  const versions = new Map();
  const entry = (v) => {
    if (!versions.has(v)) versions.set(v, { requests: 0, errors: 0, reasons: {}, buckets: new Map(), sum: 0, shadow: 0, shadowErrors: 0 });
    return versions.get(v);
  };
  for (const { name, labels, value } of parseMetrics(text, [prefix])) {
    if (labels.deployment !== deployment) continue;
    const e = entry(labels.version ?? '?');
    switch (name) {
      case 'crucible_serving_requests_total':
        e.requests += value;
        if (labels.outcome === 'error') e.errors += value;
        break;
      case 'crucible_serving_errors_total':
        e.reasons[labels.reason] = (e.reasons[labels.reason] ?? 0) + value;
        break;
      case 'crucible_serving_request_duration_seconds_bucket': {
        const le = labels.le === '+Inf' ? Infinity : Number(labels.le);
        e.buckets.set(le, (e.buckets.get(le) ?? 0) + value);
        break;
      }
      case 'crucible_serving_request_duration_seconds_sum':
        e.sum += value;
        break;
      case 'crucible_serving_shadow_requests_total':
        e.shadow += value;
        if (labels.outcome !== 'ok') e.shadowErrors += value;
        break;
      default:
        break;
    }
  }
  for (const e of versions.values()) {
    e.buckets = [...e.buckets.entries()].map(([le, count]) => ({ le, count })).sort((a, b) => a.le - b.le);
  }
  return { at, versions };
}

/** Latency quantiles in milliseconds from cumulative buckets (since start, or a difference of two readings). */
export function latency(buckets) {
  const ms = (q) => { const s = histogramQuantile(q, buckets); return s === null ? null : s * 1000; };
  return { p50: ms(0.5), p95: ms(0.95), p99: ms(0.99) };
}

/** What happened between two readings of one version: requests per second, errors, and the buckets in between. */
export function between(before, after) {
  if (!before || !after) return null;
  const seconds = (after.at - before.at) / 1000;
  if (!(seconds > 0)) return null;
  const result = new Map();
  for (const [version, now] of after.versions) {
    const then = before.versions.get(version);
    const requests = now.requests - (then?.requests ?? 0);
    const errors = now.errors - (then?.errors ?? 0);
    const buckets = now.buckets.map((b) => ({ le: b.le, count: b.count - (then?.buckets.find((x) => x.le === b.le)?.count ?? 0) }));
    result.set(version, { rate: requests / seconds, errorRate: errors / seconds, requests, buckets });
  }
  return result;
}

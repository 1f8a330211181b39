// Reading the server's own /metrics (Prometheus text format 0.0.4) in the browser: the samples of the families a
// page asks for, and quantiles from a histogram's cumulative buckets.

/**
 * Parses the text into samples { name, labels: {…}, value }, keeping only names that start with one of prefixes.
 * Comment lines (# HELP, # TYPE) are skipped; label values may hold escaped quotes, backslashes and newlines.
 */
export function parseMetrics(text, prefixes = ['']) {
  const samples = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    if (!prefixes.some((p) => line.startsWith(p))) continue;
    const brace = line.indexOf('{');
    const space = brace < 0 ? line.indexOf(' ') : line.indexOf(' ', line.lastIndexOf('}'));
    const name = line.slice(0, brace < 0 ? space : brace);
    const labels = brace < 0 ? {} : parseLabels(line.slice(brace + 1, line.lastIndexOf('}')));
    const value = Number(line.slice(space + 1).trim().split(' ')[0].replace('+Inf', 'Infinity'));
    samples.push({ name, labels, value });
  }
  return samples;
}

function parseLabels(text) {
  const labels = {};
  let i = 0;
  while (i < text.length) {
    const eq = text.indexOf('=', i);
    if (eq < 0) break;
    const key = text.slice(i, eq).trim();
    let j = eq + 2;
    let value = '';
    while (j < text.length && text[j] !== '"') {
      if (text[j] === '\\') {
        const next = text[j + 1];
        value += next === 'n' ? '\n' : next;
        j += 2;
      } else {
        value += text[j++];
      }
    }
    labels[key] = value;
    i = j + 2;
  }
  return labels;
}

/**
 * The q-quantile (0..1) of a histogram given its cumulative buckets [{ le, count }] (le ascending, last +Inf), by
 * linear interpolation inside the bucket, as Prometheus's histogram_quantile does; null when there are no counts.
 */
export function histogramQuantile(q, buckets) {
  if (!buckets.length) return null;
  const total = buckets[buckets.length - 1].count;
  if (!(total > 0)) return null;
  const rank = q * total;
  let lowerBound = 0;
  let lowerCount = 0;
  for (const { le, count } of buckets) {
    if (count >= rank) {
      if (!Number.isFinite(le)) return lowerBound;
      const inBucket = count - lowerCount;
      return inBucket > 0 ? lowerBound + (le - lowerBound) * ((rank - lowerCount) / inBucket) : le;
    }
    lowerBound = le;
    lowerCount = count;
  }
  return lowerBound;
}

// Small formatting helpers shared by the pages. All return strings.

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** A timestamp in milliseconds since the epoch as local date and time; '' when absent. */
export function formatTime(ms) {
  if (ms === null || ms === undefined || ms === '' || Number.isNaN(Number(ms))) return '';
  return timeFormat.format(new Date(Number(ms)));
}

/** How long ago a timestamp was, e.g. '5 min ago'. */
export function formatAgo(ms, now = Date.now()) {
  if (ms === null || ms === undefined || ms === '') return '';
  const s = Math.round((now - Number(ms)) / 1000);
  if (s < 45) return 'just now';
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86400) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86400)} d ago`;
}

/** A duration in milliseconds, e.g. '850 ms', '12.3 s', '4 min 05 s', '2 h 10 min'. */
export function formatDuration(ms) {
  if (ms === null || ms === undefined || Number.isNaN(Number(ms))) return '';
  const v = Number(ms);
  if (v < 1000) return `${Math.round(v)} ms`;
  if (v < 60000) return `${(v / 1000).toFixed(1)} s`;
  const s = Math.round(v / 1000);
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}

/** A metric or parameter value: numbers to 4 significant digits (exponent when tiny or huge), others as given. */
export function formatNumber(value) {
  if (value === null || value === undefined || value === '') return '';
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(n)) return String(value);
  if (n === 0 || Number.isInteger(n) && Math.abs(n) < 1e9) return String(n);
  const a = Math.abs(n);
  return a >= 1e-3 && a < 1e9 ? String(Number(n.toPrecision(4))) : n.toExponential(3);
}

/** A byte count, e.g. '12.4 KB'. */
export function formatBytes(n) {
  if (n === null || n === undefined) return '';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = Number(n);
  let u = 0;
  while (v >= 1024 && u < units.length - 1) { v /= 1024; u++; }
  return `${u === 0 ? v : v.toFixed(1)} ${units[u]}`;
}

/** A count with thousands separators. */
export function formatCount(n) {
  return Number(n).toLocaleString();
}

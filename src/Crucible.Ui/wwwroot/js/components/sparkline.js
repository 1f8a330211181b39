// A small line chart of recent values (e.g. requests per second over the last polls), in SVG, with its last value as
// the accessible name. No axes: it shows a trend next to a number that says the value.

const svgNs = 'http://www.w3.org/2000/svg';

/** Answers an <svg> of values (oldest first; null gaps are skipped); label names what it shows. */
export function sparkline(values, { width = 120, height = 28, label = 'trend' } = {}) {
  const svg = document.createElementNS(svgNs, 'svg');
  svg.setAttribute('class', 'sparkline');
  svg.setAttribute('width', width);
  svg.setAttribute('height', height);
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', label);
  const points = values.map((v, i) => [i, v]).filter(([, v]) => Number.isFinite(v));
  if (points.length < 2) return svg;
  const max = Math.max(...points.map(([, v]) => v), 1e-9);
  const step = width / Math.max(1, values.length - 1);
  const d = points.map(([i, v], k) => `${k ? 'L' : 'M'}${(i * step).toFixed(1)},${(height - 2 - (v / max) * (height - 4)).toFixed(1)}`).join(' ');
  const path = document.createElementNS(svgNs, 'path');
  path.setAttribute('d', d);
  svg.append(path);
  return svg;
}

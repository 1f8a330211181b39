// Bar charts in SVG: one series (a column's histogram or top values) or two side by side (reference and current).

import { h } from './dom.js';
import { s, ticks } from './svg.js';
import { formatNumber } from './format.js';

const W = 320, H = 150, L = 40, R = 6, T = 8, B = 34;

/**
 * bins: [{ label, values: [number, ...] }] (one value per series); series: names of the series (legend);
 * title; yFormat for the axis; id for tests.
 */
export function histogram({ title, bins, series = ['count'], yFormat = formatNumber, id }) {
  const figure = h('figure', { class: 'chart', id, 'data-bins': String(bins.length) });
  if (title) figure.append(h('figcaption', {}, title));
  if (!bins.length) {
    figure.append(h('p', { class: 'muted' }, 'No values.'));
    return figure;
  }
  const max = Math.max(...bins.flatMap((b) => b.values).filter(Number.isFinite), 0) || 1;
  const py = (v) => T + (1 - v / max) * (H - T - B);
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': title ?? 'histogram' });
  const axis = s('g', { class: 'axis' });
  for (const v of ticks(0, max, 3)) {
    axis.append(s('line', { class: 'gridline', x1: L, x2: W - R, y1: py(v), y2: py(v) }), s('text', { class: 'tick', x: L - 4, y: py(v) + 3, 'text-anchor': 'end' }, yFormat(v)));
  }
  svg.append(axis);
  const slot = (W - L - R) / bins.length;
  const k = series.length;
  const bw = Math.max(1, (slot * 0.85) / k);
  const every = Math.ceil(bins.length / 8);
  bins.forEach((bin, i) => {
    bin.values.forEach((v, j) => {
      if (!Number.isFinite(v)) return;
      const x = L + i * slot + slot * 0.075 + j * bw;
      svg.append(s('rect', { class: `bar s${j}`, x, y: py(v), width: bw, height: Math.max(0, H - B - py(v)) },
        s('title', {}, `${bin.label}: ${series[j]} ${yFormat(v)}`)));
    });
    if (i % every === 0) {
      const label = bin.label.length > 10 ? bin.label.slice(0, 9) + '…' : bin.label;
      svg.append(s('text', { class: 'tick', x: L + i * slot + slot / 2, y: H - B + 12, 'text-anchor': 'middle' }, label));
    }
  });
  figure.append(svg);
  if (k > 1) figure.append(h('div', { class: 'legend' }, series.map((name, i) => h('span', {}, h('span', { class: `swatch s${i}` }), name))));
  return figure;
}

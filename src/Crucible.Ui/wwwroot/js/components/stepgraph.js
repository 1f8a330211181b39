// A pipeline's steps as a graph in SVG: steps in layers by their 'needs' (a step sits right of every step it needs),
// edges from each need, each node coloured by its status in the selected run. Nodes are buttons (Enter or click).

import { h } from './dom.js';
import { s } from './svg.js';

const NW = 150, NH = 44, GX = 56, GY = 18, PAD = 10;

/** steps: [{ id, type, needs }]; status: { stepId: status }; selected: a step id; onSelect(id). */
export function stepGraph({ steps, status = {}, selected = null, onSelect }) {
  const byId = new Map(steps.map((st) => [st.id, st]));
  const layer = new Map();
  const depth = (id, seen = new Set()) => {
    if (layer.has(id)) return layer.get(id);
    if (seen.has(id)) return 0;
    seen.add(id);
    const needs = (byId.get(id)?.needs ?? []).filter((n) => byId.has(n));
    const d = needs.length ? 1 + Math.max(...needs.map((n) => depth(n, seen))) : 0;
    layer.set(id, d);
    return d;
  };
  steps.forEach((st) => depth(st.id));
  const columns = [];
  for (const st of steps) (columns[layer.get(st.id)] ??= []).push(st);
  const rows = Math.max(1, ...columns.map((c) => c?.length ?? 0));
  const width = PAD * 2 + columns.length * NW + (columns.length - 1) * GX;
  const height = PAD * 2 + rows * NH + (rows - 1) * GY;
  const pos = new Map();
  columns.forEach((column, ci) => column.forEach((st, ri) => {
    const offset = ((rows - column.length) * (NH + GY)) / 2;
    pos.set(st.id, { x: PAD + ci * (NW + GX), y: PAD + offset + ri * (NH + GY) });
  }));

  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, width, height, role: 'group', 'aria-label': 'Pipeline steps' },
    s('defs', {}, s('marker', { id: 'sg-arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto' },
      s('path', { class: 'arrow', d: 'M0,0L10,5L0,10Z' }))));
  for (const st of steps) {
    const to = pos.get(st.id);
    for (const need of st.needs ?? []) {
      const from = pos.get(need);
      if (!from) continue;
      const x1 = from.x + NW, y1 = from.y + NH / 2, x2 = to.x, y2 = to.y + NH / 2, mx = (x1 + x2) / 2;
      svg.append(s('path', { class: 'edge', d: `M${x1},${y1}C${mx},${y1} ${mx},${y2} ${x2 - 1},${y2}`, 'marker-end': 'url(#sg-arrow)', 'data-from': need, 'data-to': st.id }));
    }
  }
  for (const st of steps) {
    const p = pos.get(st.id);
    const state = status[st.id];
    const label = st.id.length > 20 ? st.id.slice(0, 19) + '…' : st.id;
    const node = s('g', {
      class: `node${state ? ' st-' + state : ''}${st.id === selected ? ' selected' : ''}`, transform: `translate(${p.x},${p.y})`,
      tabindex: onSelect ? 0 : null, role: onSelect ? 'button' : 'img', 'data-step': st.id, 'data-status': state ?? '',
      'aria-label': `Step ${st.id}, ${st.type}${state ? ', ' + state : ''}`,
      onClick: onSelect ? () => onSelect(st.id) : null,
      onKeydown: onSelect ? (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); onSelect(st.id); } } : null,
    },
    s('rect', { width: NW, height: NH, rx: 7 }),
    s('text', { x: 10, y: 18 }, label),
    s('text', { class: 'type', x: 10, y: 34 }, state ? `${st.type} · ${state}` : st.type),
    s('title', {}, `${st.id} (${st.type})${st.needs?.length ? ', after ' + st.needs.join(', ') : ''}${state ? ': ' + state : ''}`));
    svg.append(node);
  }
  return h('div', { class: 'stepgraph scroll-x', id: 'step-graph' }, svg);
}

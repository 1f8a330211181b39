// A left-to-right graph in SVG: columns of nodes (each may link to a UI route) and edges between them. Used for the
// lineage of a model version (datasets → run → version → deployments → monitors). No layout library: each column is
// a stack of boxes, edges are curves from the right edge of one box to the left edge of the next.

const svgNs = 'http://www.w3.org/2000/svg';
const nodeWidth = 160;
const nodeHeight = 46;
const columnGap = 48;
const rowGap = 14;
const headHeight = 24;

function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(svgNs, tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value !== null && value !== undefined && value !== false) el.setAttribute(name, String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

function clip(text, max) {
  const t = String(text ?? '');
  return t.length > max ? t.slice(0, max - 1) + '…' : t;
}

/**
 * Draws the graph. columns: [{ title, nodes: [{ id, kind, label, sub?, href? (a UI path without '#'), current? }] }];
 * edges: [[fromId, toId]]; label: the graph's accessible name. An empty column shows "none" under its title.
 * Answers the <figure> holding the SVG; every node is an <a> (or <g>) with data-node-kind and data-node-id.
 */
export function drawGraph({ columns, edges, label }) {
  const rows = Math.max(1, ...columns.map((c) => c.nodes.length));
  const width = columns.length * nodeWidth + (columns.length - 1) * columnGap + 2;
  const height = headHeight + rows * (nodeHeight + rowGap) + 2;
  const svg = s('svg', { class: 'graph', viewBox: `0 0 ${width} ${height}`, width, height, role: 'group', 'aria-label': label });
  const places = new Map();
  const edgeLayer = s('g', { class: 'graph-edges', 'aria-hidden': 'true' });
  svg.append(edgeLayer);

  columns.forEach((column, ci) => {
    const x = 1 + ci * (nodeWidth + columnGap);
    svg.append(s('text', { class: 'graph-head', x: x + nodeWidth / 2, y: 15, 'text-anchor': 'middle' }, column.title));
    if (column.nodes.length === 0) {
      svg.append(s('text', { class: 'graph-none', x: x + nodeWidth / 2, y: headHeight + nodeHeight / 2 + 4, 'text-anchor': 'middle' }, 'none'));
    }
    column.nodes.forEach((node, ri) => {
      const y = headHeight + ri * (nodeHeight + rowGap);
      places.set(node.id, { x, y });
      const box = [
        s('title', {}, [node.label, node.sub].filter(Boolean).join(' · ')),
        s('rect', { x, y, width: nodeWidth, height: nodeHeight, rx: 7 }),
        s('text', { class: 'graph-label', x: x + 10, y: y + 19 }, clip(node.label, 22)),
        node.sub ? s('text', { class: 'graph-sub', x: x + 10, y: y + 36 }, clip(node.sub, 26)) : null,
      ];
      const attrs = {
        class: `graph-node graph-${node.kind}${node.current ? ' graph-current' : ''}`,
        'data-node-kind': node.kind,
        'data-node-id': node.id,
        'aria-label': `${column.title}: ${[node.label, node.sub].filter(Boolean).join(', ')}`,
      };
      svg.append(node.href && !node.current ? s('a', { ...attrs, href: '#' + node.href }, ...box) : s('g', { ...attrs, role: 'img' }, ...box));
    });
  });

  for (const [from, to] of edges) {
    const a = places.get(from);
    const b = places.get(to);
    if (!a || !b) continue;
    const x1 = a.x + nodeWidth;
    const y1 = a.y + nodeHeight / 2;
    const x2 = b.x;
    const y2 = b.y + nodeHeight / 2;
    const mid = (x1 + x2) / 2;
    edgeLayer.append(s('path', { d: `M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2},${y2}`, 'data-edge': `${from}→${to}` }));
  }

  const figure = document.createElement('figure');
  figure.className = 'graph-frame';
  figure.append(svg);
  return figure;
}

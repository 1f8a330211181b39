// A run's artifact browser: folders listed by MLflow's artifacts/list, files read through the artifact proxy
// (/api/2.0/mlflow-artifacts/artifacts/…), previews by kind: text, JSON (pretty), images, HTML reports (a sandboxed
// frame from this server: no scripts, no forms), ONNX models (the native summary of the graph), else a download link.

import { h, replace } from './dom.js';
import { formatBytes, formatCount } from './format.js';
import { paths } from '../api.js';

const images = new Set(['png', 'jpg', 'jpeg', 'gif', 'webp', 'svg', 'bmp', 'ico']);
const html = new Set(['html', 'htm']);
const json = new Set(['json', 'ipynb', 'geojson']);
const text = new Set(['txt', 'log', 'md', 'yaml', 'yml', 'csv', 'tsv', 'py', 'r', 'sql', 'toml', 'ini', 'cfg', 'sh', 'xml', 'jsonl', 'ndjson', 'cs', 'js', 'ts', 'properties', 'env', 'out', 'err']);
const textNames = new Set(['MLmodel', 'requirements.txt', 'conda.yaml', 'python_env.yaml', 'LICENSE', 'README', 'Dockerfile', 'MLproject']);
const maxTextBytes = 2 * 1024 * 1024;

/** The kind of preview a file gets: 'image', 'html', 'json', 'text', 'onnx' or 'binary'. */
export function previewKind(path) {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  const ext = dot < 0 ? '' : name.slice(dot + 1).toLowerCase();
  if (ext === 'onnx') return 'onnx';
  if (images.has(ext)) return 'image';
  if (html.has(ext)) return 'html';
  if (json.has(ext)) return 'json';
  if (text.has(ext) || textNames.has(name) || dot < 0) return 'text';
  return 'binary';
}

/** The proxy URL of a file under a run's artifact URI (mlflow-artifacts:/… or mlflow-artifacts://host/…), or null. */
export function proxyUrl(artifactUri, path) {
  if (!artifactUri?.startsWith('mlflow-artifacts:')) return null;
  let rest = artifactUri.slice('mlflow-artifacts:'.length);
  if (rest.startsWith('//')) { const slash = rest.indexOf('/', 2); rest = slash < 0 ? '' : rest.slice(slash); }
  const root = rest.replace(/^\/+/, '').replace(/\/+$/, '');
  const full = [root, path].filter(Boolean).join('/');
  return `${paths.artifacts}/${full.split('/').map(encodeURIComponent).join('/')}`;
}

/**
 * The browser: createArtifactBrowser({ run, api, path?, onPath(path) }) answers { element, open(path) }. path: the
 * file or folder to show first; onPath is told the shown path (the page keeps it in its URL).
 */
export function createArtifactBrowser({ run, api, path = '', onPath }) {
  const runId = run.info.run_id;
  const artifactUri = run.info.artifact_uri;
  const crumbs = h('nav', { class: 'art-crumbs', 'aria-label': 'Artifact folder' });
  const list = h('ul', { class: 'art-list', 'aria-label': 'Artifacts' });
  const preview = h('section', { class: 'art-preview', 'aria-label': 'Preview', 'aria-live': 'polite' },
    h('p', { class: 'muted' }, 'Choose a file to preview it.'));
  const element = h('div', { class: 'art' }, h('div', { class: 'art-side' }, crumbs, list), preview);
  let folder = null;

  async function listFolder(dir) {
    const answer = await api.get(`${paths.mlflow}/artifacts/list`, { run_id: runId, path: dir || undefined });
    folder = dir;
    const files = (answer.files ?? []).slice().sort((a, b) => (b.is_dir - a.is_dir) || a.path.localeCompare(b.path));
    const parts = dir ? dir.split('/') : [];
    replace(crumbs,
      h('button', { type: 'button', class: 'linkish', onClick: () => open('') }, 'artifacts'),
      parts.map((p, i) => [' / ', h('button', { type: 'button', class: 'linkish', onClick: () => open(parts.slice(0, i + 1).join('/')) }, p)]));
    replace(list, files.length === 0
      ? h('li', { class: 'muted' }, dir ? 'This folder is empty.' : 'This run has no artifacts.')
      : files.map((f) => {
        const name = f.path.slice(f.path.lastIndexOf('/') + 1);
        return h('li', {},
          h('button', { type: 'button', class: 'art-item' + (f.is_dir ? ' dir' : ''), 'data-path': f.path, 'data-kind': f.is_dir ? 'dir' : previewKind(f.path),
            onClick: () => (f.is_dir ? open(f.path) : show(f)) },
          h('span', { class: 'art-icon', 'aria-hidden': 'true' }, f.is_dir ? '▸' : '·'), name + (f.is_dir ? '/' : '')),
          f.is_dir ? null : h('span', { class: 'muted art-size' }, formatBytes(f.file_size)));
      }));
    return files;
  }

  async function show(file) {
    onPath?.(file.path);
    for (const b of list.querySelectorAll('.art-item')) b.setAttribute('aria-current', String(b.dataset.path === file.path));
    const url = proxyUrl(artifactUri, file.path);
    const kind = previewKind(file.path);
    const download = url ? h('a', { href: url, download: file.path.slice(file.path.lastIndexOf('/') + 1), class: 'button' }, 'Download') : null;
    const head = h('div', { class: 'art-head' }, h('h3', { class: 'art-name' }, file.path), h('span', { class: 'muted' }, formatBytes(file.file_size)), download);
    replace(preview, head, h('p', { class: 'muted' }, 'Loading…'));
    preview.dataset.kind = kind;
    preview.dataset.path = file.path;
    try {
      const body = await render(kind, file, url);
      replace(preview, head, body);
    } catch (error) {
      if (error?.name === 'AbortError') return;
      replace(preview, head, h('p', { class: 'status-bad', role: 'alert' }, `Could not preview: ${error.message}`));
    }
  }

  async function render(kind, file, url) {
    if (!url) return h('p', { class: 'muted' }, `Artifacts at ${artifactUri} are not served by this server.`);
    if (kind === 'image') return h('img', { src: url, alt: file.path, class: 'art-image' });
    if (kind === 'html') {
      // Sandboxed with no permissions: the report's markup and styles show, its scripts and forms never run, and it
      // cannot reach the API as the signed-in user.
      return h('iframe', { src: url, sandbox: '', title: `Report ${file.path}`, class: 'art-frame', referrerpolicy: 'no-referrer' });
    }
    if (kind === 'onnx') return onnxSummary(await api.get(`${paths.native}/runs/${encodeURIComponent(runId)}/onnx/${file.path.split('/').map(encodeURIComponent).join('/')}`));
    if (kind === 'binary' || (file.file_size ?? 0) > maxTextBytes) {
      return h('p', { class: 'muted' }, kind === 'binary' ? 'No preview for this kind of file.' : `Larger than ${formatBytes(maxTextBytes)}: download it to read it.`);
    }
    const content = await (await api.fetch(url)).text();
    if (kind === 'json') {
      let pretty = content;
      try { pretty = JSON.stringify(JSON.parse(content), null, 2); } catch { /* not JSON after all: show as it is */ }
      return h('pre', { class: 'art-text', 'data-format': 'json', tabindex: '0' }, pretty);
    }
    return h('pre', { class: 'art-text', tabindex: '0' }, content);
  }

  async function open(p) {
    // A path is a folder when listing it answers entries or it is the root; else it is a file of its parent folder.
    const files = await listFolder(p);
    if (p && files.length === 0) {
      const parent = p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '';
      const siblings = await listFolder(parent);
      const file = siblings.find((f) => f.path === p && !f.is_dir);
      if (file) { await show(file); return; }
      await listFolder(p);
    }
    onPath?.(p);
  }

  return { element, open, get folder() { return folder; } };
}

function onnxSummary(s) {
  const tensor = (t) => h('tr', {}, h('td', { class: 'mono' }, t.name), h('td', { class: 'mono' }, t.type));
  const opsets = Object.entries(s.opsets ?? {}).map(([d, v]) => `${d || 'ai.onnx'} ${v}`).join(', ');
  const ops = Object.entries(s.operators ?? {}).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return h('div', { class: 'onnx', 'data-onnx': 'summary' },
    h('dl', { class: 'kv' },
      h('dt', {}, 'Producer'), h('dd', {}, [s.producer, s.producer_version].filter(Boolean).join(' ') || '—'),
      h('dt', {}, 'IR version'), h('dd', {}, String(s.ir_version)),
      h('dt', {}, 'Opsets'), h('dd', { 'data-field': 'opsets' }, opsets || '—'),
      h('dt', {}, 'Graph'), h('dd', {}, s.graph_name || '—'),
      h('dt', {}, 'Nodes'), h('dd', { 'data-field': 'nodes' }, formatCount(s.node_count)),
      h('dt', {}, 'Constants'), h('dd', {}, `${formatCount(s.initializer_count)} initializers, ${formatBytes(s.initializer_bytes)}`)),
    h('h4', {}, 'Inputs'),
    h('table', { class: 'grid-table', 'data-onnx': 'inputs' }, h('thead', {}, h('tr', {}, h('th', {}, 'Name'), h('th', {}, 'Type'))), h('tbody', {}, (s.inputs ?? []).map(tensor))),
    h('h4', {}, 'Outputs'),
    h('table', { class: 'grid-table', 'data-onnx': 'outputs' }, h('thead', {}, h('tr', {}, h('th', {}, 'Name'), h('th', {}, 'Type'))), h('tbody', {}, (s.outputs ?? []).map(tensor))),
    h('h4', {}, 'Operators'),
    h('table', { class: 'grid-table', 'data-onnx': 'operators' }, h('thead', {}, h('tr', {}, h('th', {}, 'Operator'), h('th', { class: 'num' }, 'Nodes'))),
      h('tbody', {}, ops.map(([op, n]) => h('tr', { 'data-op': op }, h('td', { class: 'mono' }, op), h('td', { class: 'num' }, String(n)))))));
}

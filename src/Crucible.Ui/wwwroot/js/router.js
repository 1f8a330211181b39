// A hash router: '#/experiments/3?view=x' becomes route '/experiments/:id', params { id: '3' }, query
// URLSearchParams('view=x'); the route's page module is imported and its render(root, params, ctx) called. The
// previous page's calls are aborted and its cleanup (the function render may return) runs first.

import { routes, home } from './routes.js';
import { createApi } from './api.js';
import { errorBanner } from './components/banner.js';
import { h, replace } from './components/dom.js';
import { progressBar } from './components/progress.js';

const compiled = routes.map((route) => ({
  route,
  names: [...route.path.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]),
  regex: new RegExp('^' + route.path.replace(/:[A-Za-z]+/g, '([^/]+)') + '/?$'),
}));

/** Splits a hash into path and query, e.g. '#/compare?runs=a,b' → ['/compare', URLSearchParams]. */
export function parseHash(hash) {
  const raw = (hash ?? '').replace(/^#/, '') || home;
  const q = raw.indexOf('?');
  const path = q < 0 ? raw : raw.slice(0, q);
  return { path: path === '/' ? home : path, query: new URLSearchParams(q < 0 ? '' : raw.slice(q + 1)) };
}

/** The route matching path with its decoded params, or null. */
export function match(path) {
  for (const { route, names, regex } of compiled) {
    const m = regex.exec(path);
    if (m) {
      const params = {};
      names.forEach((name, i) => { params[name] = decodeURIComponent(m[i + 1]); });
      return { route, params };
    }
  }
  return null;
}

/** Goes to a UI path ('/runs/abc'); replace=true keeps the history entry (e.g. when a page updates its query). */
export function navigate(path, { replace: replaceEntry = false } = {}) {
  const hash = '#' + path;
  if (replaceEntry) history.replaceState(null, '', hash);
  else if (location.hash !== hash) location.hash = hash;
}

/**
 * Starts routing into layout.main. base: { caller, layout } added to each page's ctx. Returns render() to redraw
 * the current route (after signing in).
 */
export function startRouter(layout, base) {
  let controller = null;
  let cleanup = null;
  let generation = 0;

  async function render() {
    const mine = ++generation;
    controller?.abort();
    if (typeof cleanup === 'function') { try { cleanup(); } catch { /* a page's cleanup must not stop the next page */ } }
    cleanup = null;
    controller = new AbortController();
    const { path, query } = parseHash(location.hash);
    const found = match(path);
    const main = layout.main;
    layout.setActive(found?.route.nav ?? null);
    if (!found) {
      replace(main, h('div', { class: 'page-head' }, h('h1', { tabindex: '-1' }, 'Not found')),
        h('p', {}, 'No page at ', h('code', {}, path), '. ', h('a', { href: '#' + home }, 'Go to experiments'), '.'));
      document.title = 'Not found · Crucible';
      return;
    }
    document.title = `${found.route.title} · Crucible`;
    const root = h('div', { class: 'page', 'data-page': found.route.page });
    const bar = progressBar();
    main.append(bar);
    main.setAttribute('aria-busy', 'true');
    const ctx = {
      api: createApi(controller.signal),
      caller: base.caller,
      navigate,
      query,
      path,
      signal: controller.signal,
      setTitle: (title) => { document.title = `${title} · Crucible`; },
      showError: (error, options) => showPageError(root, error, options),
    };
    try {
      const module = await import(`./pages/${found.route.page}.js`);
      if (mine !== generation) return;
      replace(main, root, bar);
      const result = await module.render(root, found.params, ctx);
      if (mine !== generation) { if (typeof result === 'function') result(); return; }
      cleanup = result;
      const heading = root.querySelector('h1');
      if (heading && base.focusOnRender) heading.focus({ preventScroll: true });
      base.focusOnRender = true;
    } catch (error) {
      if (error?.name === 'AbortError' || mine !== generation) return;
      if (!root.isConnected) replace(main, root);
      showPageError(root, error, { onRetry: render });
    } finally {
      bar.remove();
      if (mine === generation) main.removeAttribute('aria-busy');
    }
  }

  window.addEventListener('hashchange', render);
  return render;
}

function showPageError(root, error, options) {
  if (error?.name === 'AbortError') return;
  root.querySelector(':scope > .banner')?.remove();
  root.prepend(errorBanner(error, options));
}

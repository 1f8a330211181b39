// A page's own stylesheet, added to <head> once: pages that need more than app.css keep their styles in their own
// file under css/ (served from this server, so the Content-Security-Policy allows it).

const added = new Set();

/** Adds css/<name> once (same versioned folder as this module) and resolves when it has loaded. */
export function useStylesheet(name) {
  const href = new URL(`../../css/${name}`, import.meta.url).href;
  if (added.has(href)) return Promise.resolve();
  added.add(href);
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = href;
  const loaded = new Promise((resolve) => { link.onload = resolve; link.onerror = resolve; });
  document.head.append(link);
  return loaded;
}

// The stylesheet of the run, compare and chart pieces (css/runs.css), linked once from the same versioned folder as
// this module, so it is cached with the rest of the UI and only loaded by the pages that use it.

let linked = null;

/** Links css/runs.css into the document once; answers a promise that settles when it has loaded. */
export function useStyles() {
  if (linked) return linked;
  const href = new URL('../../css/runs.css', import.meta.url).href;
  const existing = document.querySelector(`link[rel="stylesheet"][href="${href}"]`);
  if (existing) return (linked = Promise.resolve());
  const el = document.createElement('link');
  el.rel = 'stylesheet';
  el.href = href;
  linked = new Promise((resolve) => { el.addEventListener('load', resolve); el.addEventListener('error', resolve); });
  document.head.append(el);
  return linked;
}

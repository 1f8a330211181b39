// Loads a page family's stylesheet (css/<name>.css, next to app.css under the same versioned path) once. A <link>
// from this server is allowed by the CSP; inline style attributes are not.

const loaded = new Set();

/** Adds css/<name>.css to the document once; answers when it has loaded (or failed: pages still work unstyled). */
export function useStyles(name) {
  if (loaded.has(name)) return Promise.resolve();
  loaded.add(name);
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = new URL(`../../css/${name}.css`, import.meta.url).pathname;
  const done = new Promise((resolve) => { link.onload = resolve; link.onerror = resolve; });
  document.head.append(link);
  return done;
}

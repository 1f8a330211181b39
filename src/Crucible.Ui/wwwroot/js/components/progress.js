import { h } from './dom.js';

/** A thin indeterminate progress bar (role=progressbar) at the top of container while promise runs; returns promise. */
export async function withProgress(container, promise) {
  const bar = h('div', { class: 'progress', role: 'progressbar', 'aria-label': 'Loading' });
  container.append(bar);
  container.setAttribute('aria-busy', 'true');
  try {
    return await promise;
  } finally {
    bar.remove();
    if (!container.querySelector(':scope > .progress')) container.removeAttribute('aria-busy');
  }
}

/** The same bar as a standalone element. */
export function progressBar(label = 'Loading') {
  return h('div', { class: 'progress', role: 'progressbar', 'aria-label': label });
}

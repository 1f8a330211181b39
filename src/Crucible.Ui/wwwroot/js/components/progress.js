import { h } from './dom.js';

/** A thin indeterminate progress bar (role=progressbar), shown while a page loads. */
export function progressBar(label = 'Loading') {
  return h('div', { class: 'progress', role: 'progressbar', 'aria-label': label });
}

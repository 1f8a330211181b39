import { h, replace } from './dom.js';

/**
 * The page of a route that is not built yet, in the same layout: what it will show and which API it will read, so a
 * user (or a script) can get the data today.
 */
export function coming(root, { title, what, api }) {
  replace(root,
    h('div', { class: 'page-head' }, h('h1', { tabindex: '-1' }, title)),
    h('section', { class: 'coming', 'data-coming': 'true' },
      h('p', {}, h('strong', {}, 'Coming: '), what),
      api ? h('p', { class: 'muted' }, 'Until then the same data is in the API: ', h('code', {}, api), ' (see ', h('a', { href: '/api-reference' }, 'the API reference'), ').') : null));
}

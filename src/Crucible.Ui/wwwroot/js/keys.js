// Keyboard navigation: '/' focuses the search box, 'g' then a letter goes to a section, '?' lists the keys, 't' the theme.

import { nav } from './routes.js';
import { toggleTheme } from './theme.js';

function typing(target) {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
}

/** The shortcuts, for the help dialog and the nav's hint. */
export const shortcuts = [
  ['/', 'Search'],
  ...nav.map((n) => [`g ${n.key}`, n.label]),
  ['t', 'Light or dark theme'],
  ['?', 'These keys'],
];

/** Installs the handler; navigate(path) changes the route, help() shows the list. */
export function installKeys({ navigate, focusSearch, help }) {
  let pendingG = 0;
  document.addEventListener('keydown', (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    if (pendingG && Date.now() - pendingG < 1500) {
      pendingG = 0;
      const target = nav.find((n) => n.key === event.key);
      if (target) { event.preventDefault(); navigate(target.path); }
      return;
    }
    if (event.key === '/') { event.preventDefault(); focusSearch(); }
    else if (event.key === 'g') pendingG = Date.now();
    else if (event.key === 't') toggleTheme();
    else if (event.key === '?') help();
  });
}

import { h, replace } from './dom.js';
import { nav } from '../routes.js';
import { currentTheme, toggleTheme } from '../theme.js';
import { shortcuts } from '../keys.js';

/**
 * The frame every page renders in: a skip link, the header (brand, search, theme toggle, the signed-in user and
 * sign-out), the nav of sections, and main (where the router puts the page). Returns { main, search, setActive,
 * setCaller, showHelp }.
 */
export function renderLayout(app, { onSearch, onSignOut }) {
  const search = h('input', { type: 'search', id: 'global-search', name: 'q', placeholder: 'Search experiments, models, datasets, deployments  ( / )', 'aria-label': 'Search by name', autocomplete: 'off' });
  const themeButton = h('button', { type: 'button', id: 'theme-toggle', 'aria-label': 'Switch theme', title: 'Switch light or dark theme (t)' });
  const setThemeLabel = () => { themeButton.textContent = currentTheme() === 'dark' ? '☀ Light' : '☾ Dark'; };
  setThemeLabel();
  themeButton.addEventListener('click', () => toggleTheme());
  window.addEventListener('crucible:theme', setThemeLabel);
  const who = h('span', { class: 'who', id: 'who' });
  const signOut = h('button', { type: 'button', id: 'sign-out', onClick: onSignOut }, 'Sign out');
  const links = nav.map((n) => h('li', {}, h('a', { href: '#' + n.path, 'data-nav': n.id }, n.label)));
  const main = h('main', { class: 'app-main', id: 'main', tabindex: '-1' });
  const help = h('dialog', { id: 'keys-help', 'aria-label': 'Keyboard shortcuts' },
    h('h2', {}, 'Keyboard shortcuts'),
    h('dl', {}, shortcuts.map(([key, what]) => [h('dt', {}, h('span', { class: 'kbd' }, key)), h('dd', {}, what)])),
    h('form', { method: 'dialog' }, h('button', { type: 'submit' }, 'Close')));

  replace(app,
    h('a', { class: 'skip-link', href: '#main', onClick: (e) => { e.preventDefault(); main.focus(); } }, 'Skip to content'),
    h('header', { class: 'app-header' },
      h('a', { class: 'brand', href: '#/' }, h('img', { src: new URL('../../img/favicon.svg', import.meta.url).pathname, alt: '' }), 'Crucible'),
      h('form', { class: 'search-form', role: 'search', onSubmit: (e) => { e.preventDefault(); onSearch(search.value.trim()); } }, search),
      h('div', { class: 'header-end' }, themeButton, who, signOut)),
    h('nav', { class: 'app-nav', 'aria-label': 'Sections' },
      h('ul', {}, links),
      h('p', { class: 'keys' }, 'Press ', h('span', { class: 'kbd' }, '?'), ' for keys')),
    main,
    help);

  return {
    main,
    search,
    setActive(id) {
      for (const a of app.querySelectorAll('[data-nav]')) {
        if (a.dataset.nav === id) a.setAttribute('aria-current', 'page');
        else a.removeAttribute('aria-current');
      }
    },
    setCaller(caller) {
      who.textContent = caller.authEnabled ? `${caller.name} · ${caller.role}` : 'auth off · local';
      signOut.hidden = !caller.authEnabled;
    },
    showHelp() { if (!help.open) help.showModal(); },
  };
}

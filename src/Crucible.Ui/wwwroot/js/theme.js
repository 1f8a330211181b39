// Light and dark: the system's preference unless the user chose one with the toggle (saved in localStorage).

const key = 'crucible.theme';

/** 'light' or 'dark' as shown now. */
export function currentTheme() {
  const saved = localStorage.getItem(key);
  if (saved === 'light' || saved === 'dark') return saved;
  return matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

/** Applies the saved choice (call before the first paint). */
export function applyTheme() {
  const saved = localStorage.getItem(key);
  if (saved === 'light' || saved === 'dark') document.documentElement.dataset.theme = saved;
  else delete document.documentElement.dataset.theme;
}

/** Switches to the other theme and saves the choice; returns the new theme. */
export function toggleTheme() {
  const next = currentTheme() === 'dark' ? 'light' : 'dark';
  localStorage.setItem(key, next);
  applyTheme();
  window.dispatchEvent(new CustomEvent('crucible:theme', { detail: next }));
  return next;
}

import { h } from './dom.js';

/**
 * Turns what a user typed into a search filter of the MLflow grammar: text that already has a comparison
 * (=, !=, <, >, LIKE, ILIKE, IN) is sent as typed; a bare word becomes `<field> ILIKE '%word%'`.
 */
export function toFilter(text, field = 'name') {
  const t = (text ?? '').trim();
  if (!t) return '';
  if (/(=|<|>|\bI?LIKE\b|\bIN\b)/i.test(t)) return t;
  return `${field} ILIKE '%${t.replace(/'/g, "''")}%'`;
}

/** A filter box (a form with one input and an Apply button) that calls onApply(text) on submit. */
export function filterBox({ value = '', placeholder, label = 'Filter', onApply }) {
  const input = h('input', { type: 'search', class: 'grow', name: 'filter', 'aria-label': label, placeholder, value, spellcheck: 'false', autocomplete: 'off' });
  const form = h('form', { class: 'toolbar grow', role: 'search', onSubmit: (e) => { e.preventDefault(); onApply(input.value); } },
    input, h('button', { type: 'submit' }, 'Apply'));
  return { element: form, input };
}

import { h } from './dom.js';

/**
 * The column chooser: a dialog listing the available keys by group (metrics, params, tags) with a checkbox each and a
 * text box to narrow the list; calls onApply(chosen: string[]) with ids such as 'metrics.m1', 'params.p1', 'tags.team'.
 */
export function chooseColumns({ groups, chosen, onApply }) {
  const picked = new Set(chosen);
  const narrow = h('input', { type: 'search', 'aria-label': 'Find a column', placeholder: 'Find a column', class: 'grow' });
  const lists = groups.map(({ label, prefix, keys }) => {
    const items = keys.map((key) => {
      const id = `${prefix}.${key}`;
      const box = h('input', { type: 'checkbox', value: id, 'data-column': id });
      box.checked = picked.has(id);
      box.addEventListener('change', () => { if (box.checked) picked.add(id); else picked.delete(id); });
      return h('li', { 'data-key': key.toLowerCase() }, h('label', {}, box, ' ', key));
    });
    return h('fieldset', { class: 'columns-group' }, h('legend', {}, `${label} (${keys.length})`),
      keys.length ? h('ul', { class: 'columns-list' }, items) : h('p', { class: 'muted' }, 'None in the loaded runs.'));
  });
  narrow.addEventListener('input', () => {
    const q = narrow.value.trim().toLowerCase();
    for (const li of dialog.querySelectorAll('li[data-key]')) li.hidden = q !== '' && !li.dataset.key.includes(q);
  });
  const dialog = h('dialog', { class: 'columns-dialog', 'aria-label': 'Columns' },
    h('form', { method: 'dialog', onSubmit: (e) => { e.preventDefault(); dialog.close(); onApply([...picked]); } },
      h('h2', {}, 'Columns'),
      h('div', { class: 'toolbar' }, narrow),
      lists,
      h('div', { class: 'toolbar' }, h('button', { type: 'submit', class: 'primary', id: 'columns-apply' }, 'Apply'),
        h('button', { type: 'button', onClick: () => dialog.close() }, 'Cancel'))));
  dialog.addEventListener('close', () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
  narrow.focus();
}

import { h, replace } from './dom.js';

let tableCount = 0;

/**
 * A data table whose body is virtualised: only the rows in view (plus a margin) are in the DOM, so 100,000 loaded
 * rows cost what 40 do. Sorting and paging stay on the server: a header click calls onSort({ key, dir }) and the page
 * reloads its rows; scrolling near the end calls onEndReached() once per page while hasMore.
 *
 * options:
 *   columns: [{ key, label, title?, width? ('10rem', 'minmax(8rem,2fr)'), num? (right-aligned), sortable?,
 *               value(row) → string|number (text), render(row) → Node|string (instead of value) }]
 *   rowKey(row) → string            (selection and row ids)
 *   label                            (the table's accessible name)
 *   selectable                       (a checkbox column; onSelectionChange(keys: Set))
 *   sort: { key, dir: 'ASC'|'DESC' } (shown in the header)
 *   onSort({ key, dir }), onEndReached(), onRowOpen(row) (Enter on the active row)
 *   emptyText
 * Keyboard: the body is one tab stop (role=grid); arrows and Page keys move the active row, Enter opens it, Space
 * toggles its selection.
 */
export function createTable(options) {
  const id = `dt${++tableCount}`;
  const rowHeight = options.rowHeight ?? 32;
  const overscan = 10;
  let columns = options.columns;
  let rows = [];
  let hasMore = false;
  let waitingForMore = false;
  let sort = options.sort ?? null;
  let active = -1;
  const selected = new Set();
  const drawn = new Map();

  const header = h('div', { class: 'dt-header', role: 'row' });
  const body = h('div', { class: 'dt-body', role: 'rowgroup' });
  const scroll = h('div', { class: 'dt-scroll', role: 'grid', tabindex: '0', 'aria-label': options.label ?? 'Table', 'aria-rowcount': '0', id });
  const status = h('span', { class: 'dt-status', role: 'status' });
  const selection = h('span', { class: 'dt-selection' });
  const empty = h('div', { class: 'empty', hidden: true }, options.emptyText ?? 'Nothing here yet.');
  scroll.append(header, body, empty);
  const element = h('div', { class: 'dt', 'data-table': id }, scroll, h('div', { class: 'dt-foot' }, status, selection));

  const allColumns = () => options.selectable ? [{ key: '__select', label: '', width: '2.4rem' }, ...columns] : columns;

  function layoutColumns() {
    scroll.style.setProperty('--dt-cols', allColumns().map((c) => c.width ?? 'minmax(8rem, 1fr)').join(' '));
  }

  function drawHeader() {
    replace(header, allColumns().map((column) => {
      if (column.key === '__select') {
        const all = h('input', { type: 'checkbox', 'aria-label': 'Select all loaded rows', class: 'dt-check' });
        all.checked = rows.length > 0 && selected.size === rows.length;
        all.addEventListener('change', () => {
          selected.clear();
          if (all.checked) rows.forEach((r) => selected.add(options.rowKey(r)));
          selectionChanged();
        });
        return h('div', { class: 'dt-cell', role: 'columnheader' }, all);
      }
      const state = sort && sort.key === column.key ? (sort.dir === 'ASC' ? 'ascending' : 'descending') : null;
      const label = column.sortable
        ? h('button', { type: 'button', class: 'dt-sort', 'data-sort-key': column.key, 'aria-sort': state, title: column.title ?? column.label,
            onClick: () => {
              const dir = sort && sort.key === column.key && sort.dir === 'DESC' ? 'ASC' : 'DESC';
              sort = { key: column.key, dir };
              drawHeader();
              options.onSort?.(sort);
            } }, column.label)
        : h('span', { title: column.title ?? column.label }, column.label);
      return h('div', { class: 'dt-cell' + (column.num ? ' num' : ''), role: 'columnheader', 'aria-sort': state ?? 'none' }, label);
    }));
  }

  function cell(column, row) {
    if (column.key === '__select') {
      const key = options.rowKey(row);
      const box = h('input', { type: 'checkbox', class: 'dt-check', tabindex: '-1', 'aria-label': 'Select row' });
      box.checked = selected.has(key);
      box.addEventListener('change', () => { toggle(key, box.checked); });
      return h('div', { class: 'dt-cell', role: 'gridcell' }, box);
    }
    const content = column.render ? column.render(row) : (column.value ? column.value(row) : row[column.key]);
    const text = content instanceof Node ? content : String(content ?? '');
    return h('div', { class: 'dt-cell' + (column.num ? ' num' : ''), role: 'gridcell', title: typeof text === 'string' ? text : null }, text);
  }

  function drawRow(index) {
    const row = rows[index];
    const key = options.rowKey(row);
    const el = h('div', { class: 'dt-row', role: 'row', id: `${id}-r${index}`, 'aria-rowindex': String(index + 2), 'data-key': key },
      allColumns().map((c) => cell(c, row)));
    el.style.top = `${index * rowHeight}px`;
    el.style.height = `${rowHeight}px`;
    if (selected.has(key)) el.classList.add('selected');
    if (index === active) el.classList.add('active');
    el.addEventListener('click', (event) => {
      if (event.target instanceof HTMLInputElement || event.target instanceof HTMLAnchorElement) return;
      setActive(index);
    });
    return el;
  }

  function drawVisible(force = false) {
    const top = scroll.scrollTop;
    const height = scroll.clientHeight || 600;
    const first = Math.max(0, Math.floor(top / rowHeight) - overscan);
    const last = Math.min(rows.length - 1, Math.ceil((top + height) / rowHeight) + overscan);
    for (const [index, el] of drawn) {
      if (force || index < first || index > last) { el.remove(); drawn.delete(index); }
    }
    const fragment = document.createDocumentFragment();
    for (let i = first; i <= last; i++) {
      if (!drawn.has(i)) { const el = drawRow(i); drawn.set(i, el); fragment.append(el); }
    }
    body.append(fragment);
    if (hasMore && !waitingForMore && last >= rows.length - overscan * 2 && options.onEndReached) {
      waitingForMore = true;
      options.onEndReached();
    }
  }

  let frame = 0;
  scroll.addEventListener('scroll', () => {
    if (!frame) frame = requestAnimationFrame(() => { frame = 0; drawVisible(); });
  }, { passive: true });

  function setActive(index) {
    if (rows.length === 0) return;
    active = Math.max(0, Math.min(rows.length - 1, index));
    scroll.setAttribute('aria-activedescendant', `${id}-r${active}`);
    const y = active * rowHeight;
    const headerHeight = header.offsetHeight;
    if (y < scroll.scrollTop) scroll.scrollTop = y;
    else if (y + rowHeight > scroll.scrollTop + scroll.clientHeight - headerHeight) scroll.scrollTop = y + rowHeight - scroll.clientHeight + headerHeight;
    for (const [i, el] of drawn) el.classList.toggle('active', i === active);
    drawVisible();
  }

  scroll.addEventListener('keydown', (event) => {
    if (event.target !== scroll) return;
    const page = Math.max(1, Math.floor(scroll.clientHeight / rowHeight) - 1);
    const moves = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page };
    if (event.key in moves) { event.preventDefault(); setActive((active < 0 ? -1 : active) + moves[event.key]); }
    else if (event.key === 'Home') { event.preventDefault(); setActive(0); }
    else if (event.key === 'End') { event.preventDefault(); setActive(rows.length - 1); }
    else if (event.key === 'Enter' && active >= 0) { event.preventDefault(); options.onRowOpen?.(rows[active]); }
    else if (event.key === ' ' && active >= 0 && options.selectable) {
      event.preventDefault();
      const key = options.rowKey(rows[active]);
      toggle(key, !selected.has(key));
    }
  });

  function toggle(key, on) {
    if (on) selected.add(key); else selected.delete(key);
    selectionChanged();
  }

  function selectionChanged() {
    for (const el of drawn.values()) {
      el.classList.toggle('selected', selected.has(el.dataset.key));
      const box = el.querySelector('input.dt-check');
      if (box) box.checked = selected.has(el.dataset.key);
    }
    const all = header.querySelector('input.dt-check');
    if (all) all.checked = rows.length > 0 && selected.size === rows.length;
    selection.textContent = selected.size ? `${selected.size} selected` : '';
    options.onSelectionChange?.(new Set(selected));
  }

  function resize() {
    body.style.height = `${rows.length * rowHeight}px`;
    scroll.setAttribute('aria-rowcount', String(rows.length + 1));
    empty.hidden = rows.length > 0;
  }

  layoutColumns();
  drawHeader();

  return {
    element,
    /** Replaces the rows (a new sort or filter); hasMore: the server has another page. */
    setRows(newRows, more = false) {
      rows = newRows;
      hasMore = more;
      waitingForMore = false;
      active = -1;
      scroll.removeAttribute('aria-activedescendant');
      scroll.scrollTop = 0;
      resize();
      drawHeader();
      drawVisible(true);
    },
    /** Adds the next page's rows. */
    appendRows(more, stillMore = false) {
      rows = rows.concat(more);
      hasMore = stillMore;
      waitingForMore = false;
      resize();
      drawVisible();
    },
    /** Changes the columns (the column chooser). */
    setColumns(newColumns) {
      columns = newColumns;
      layoutColumns();
      drawHeader();
      drawVisible(true);
    },
    setSort(newSort) { sort = newSort; drawHeader(); },
    setStatus(text) { status.textContent = text; },
    /** Stops asking for more rows (a failed page load); the next setRows or appendRows allows it again. */
    stopLoading() { hasMore = false; waitingForMore = false; },
    rows: () => rows,
    selection: () => new Set(selected),
    clearSelection() { selected.clear(); selectionChanged(); },
  };
}

// Building DOM without innerHTML: data from the API never becomes markup.

/**
 * Creates an element. attrs: class, text, title, href, id, role, aria-* and data-* (strings), hidden/disabled/checked
 * (booleans), on<Event> (listeners), style is not accepted (the CSP forbids inline style attributes: use classes).
 * Children: nodes, strings (as text) or arrays of them; null and false are skipped.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'class') el.className = value;
    else if (name === 'text') el.textContent = value;
    else if (name.startsWith('on') && typeof value === 'function') el.addEventListener(name.slice(2).toLowerCase(), value);
    else if (value === true) el.setAttribute(name, '');
    else el.setAttribute(name, String(value));
  }
  append(el, children);
  return el;
}

/** Appends nodes, strings and (nested) arrays of them. */
export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** Removes every child of el and appends the given ones. */
export function replace(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

/** A link to a UI route (path without the '#'). */
export function link(path, text, attrs = {}) {
  return h('a', { ...attrs, href: '#' + path }, text);
}

/** Encodes one path segment of a UI route (names may hold '/', spaces, '@'). */
export function seg(value) {
  return encodeURIComponent(String(value));
}

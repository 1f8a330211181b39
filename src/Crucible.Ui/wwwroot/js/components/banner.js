import { h } from './dom.js';

/** The text of any error the pages may meet: an ApiError (status, code, message), a network failure or a bug. */
export function describeError(error) {
  if (error && error.status !== undefined) {
    const code = error.code ? ` ${error.code}` : '';
    return { title: `${error.status}${code}`, message: error.message || 'The server refused the request.' };
  }
  if (error instanceof TypeError) return { title: 'Network error', message: 'The server did not answer. Is it running?' };
  return { title: 'Error', message: String(error?.message ?? error) };
}

/** An error banner (role=alert) with an optional retry button and a close button. */
export function errorBanner(error, { onRetry } = {}) {
  const { title, message } = describeError(error);
  const banner = h('div', { class: 'banner', role: 'alert', 'data-error-code': error?.code ?? '' },
    h('div', {}, h('strong', {}, title), ' ', h('span', { class: 'banner-message' }, message)),
    onRetry ? h('button', { type: 'button', onClick: () => { banner.remove(); onRetry(); } }, 'Retry') : null,
    h('button', { type: 'button', class: 'close', 'aria-label': 'Dismiss', onClick: () => banner.remove() }, '×'));
  return banner;
}

/** Shows an error at the top of container, replacing an earlier banner there. */
export function showError(container, error, options) {
  container.querySelector(':scope > .banner')?.remove();
  const banner = errorBanner(error, options);
  container.prepend(banner);
  return banner;
}

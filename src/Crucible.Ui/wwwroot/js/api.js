// The one way pages reach the server: JSON over fetch with the session cookie, the CSRF header on every call that is
// not a GET, and every API family's error body (MLflow {error_code, message}, native ProblemDetails {errorCode,
// detail}, OIP {error}) turned into one ApiError.

const csrfKey = 'crucible.csrf';
let csrf = sessionStorage.getItem(csrfKey) ?? '';

/** An API refusal: HTTP status, the family's error code (e.g. RESOURCE_DOES_NOT_EXIST, INVALID_PARAMETER_VALUE) and message. */
export class ApiError extends Error {
  constructor(status, code, message, body) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.body = body;
  }
}

/** Remembers the CSRF token the login or whoami returned (per tab). */
export function setCsrf(token) {
  csrf = token ?? '';
  if (csrf) sessionStorage.setItem(csrfKey, csrf);
  else sessionStorage.removeItem(csrfKey);
}

function toError(status, body, text) {
  if (body && typeof body === 'object') {
    const code = body.error_code ?? body.errorCode ?? null;
    const message = body.message ?? body.detail ?? body.error ?? body.title ?? text;
    return new ApiError(status, code, message, body);
  }
  return new ApiError(status, null, text || `HTTP ${status}`, null);
}

function withQuery(path, query) {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) value.forEach((v) => params.append(key, String(v)));
    else params.append(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}${path.includes('?') ? '&' : '?'}${qs}` : path;
}

/**
 * Sends one request. options: query (object), body (JSON-serialised), signal (AbortSignal), raw (answer the Response
 * instead of parsed JSON). A 401 also fires 'crucible:unauthenticated' on window so the shell shows the sign-in form.
 */
export async function request(method, path, { query, body, signal, raw = false } = {}) {
  const headers = { Accept: 'application/json' };
  if (method !== 'GET' && method !== 'HEAD' && csrf) headers['X-CSRF-Token'] = csrf;
  const init = { method, headers, credentials: 'same-origin', signal };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  } else if (method === 'POST' || method === 'PUT' || method === 'PATCH') {
    headers['Content-Type'] = 'application/json';
    init.body = '{}';
  }
  const response = await fetch(withQuery(path, query), init);
  if (raw && response.ok) return response;
  const text = await response.text();
  let parsed = null;
  if (text) {
    try { parsed = JSON.parse(text); } catch { parsed = null; }
  }
  if (!response.ok) {
    if (response.status === 401) window.dispatchEvent(new CustomEvent('crucible:unauthenticated'));
    throw toError(response.status, parsed, text);
  }
  return parsed ?? (text ? text : {});
}

/** The API bound to an AbortSignal (the router aborts a page's calls when the user navigates away). */
export function createApi(signal) {
  return {
    get: (path, query, options = {}) => request('GET', path, { query, signal, ...options }),
    post: (path, body, options = {}) => request('POST', path, { body, signal, ...options }),
    put: (path, body, options = {}) => request('PUT', path, { body, signal, ...options }),
    patch: (path, body, options = {}) => request('PATCH', path, { body, signal, ...options }),
    delete: (path, query, options = {}) => request('DELETE', path, { query, signal, ...options }),
    /** The raw Response of a GET (artifacts, HTML reports, text). */
    fetch: (path, query) => request('GET', path, { query, signal, raw: true }),
    signal,
  };
}

/** Path prefixes of the API families. */
export const paths = {
  mlflow: '/api/2.0/mlflow',
  artifacts: '/api/2.0/mlflow-artifacts/artifacts',
  native: '/api/crucible/v1',
};

import { request, setCsrf, paths } from './api.js';

const order = ['none', 'viewer', 'editor', 'maintainer', 'admin'];

/**
 * The signed-in caller as pages see it: name, role and workspace (from whoami), whether auth is on, and can(role),
 * true when the caller holds at least that role in the workspace. Pages hide the actions can() refuses; the server
 * refuses them anyway.
 */
export function toCaller(who) {
  const role = who.role ?? 'none';
  return {
    name: who.name,
    role,
    workspace: who.workspace ?? 'default',
    kind: who.kind,
    authEnabled: who.auth_enabled !== false,
    can: (needed) => order.indexOf(role) >= order.indexOf(needed),
  };
}

/** Who the browser is signed in as; also picks up the CSRF token of an existing session (a new tab). */
export async function whoami() {
  const who = await request('GET', `${paths.native}/auth/whoami`);
  if (who.csrf_token) setCsrf(who.csrf_token);
  return who;
}

/** Signs in with the login endpoint (sets the session cookie); returns the whoami answer. */
export async function signIn(username, password) {
  const session = await request('POST', `${paths.native}/auth/login`, { body: { username, password } });
  setCsrf(session.csrf_token);
  return whoami();
}

/** Ends the session. */
export async function signOut() {
  try {
    await request('POST', `${paths.native}/auth/logout`);
  } finally {
    setCsrf('');
  }
}

// The shell: theme first, then who is signed in (the sign-in form when nobody is and auth is on), then the layout,
// the keys and the router.

import { applyTheme } from './theme.js';
import { whoami, signIn, signOut, toCaller } from './session.js';
import { renderLayout } from './components/layout.js';
import { renderSignIn } from './components/signin.js';
import { errorBanner } from './components/banner.js';
import { replace } from './components/dom.js';
import { startRouter, navigate } from './router.js';
import { installKeys } from './keys.js';

applyTheme();
const app = document.getElementById('app');
const base = { caller: null, focusOnRender: false };
let layout = null;
let render = null;

async function signedIn() {
  let who;
  try {
    who = await whoami();
  } catch (error) {
    replace(app, errorBanner(error, { onRetry: () => location.reload() }));
    return null;
  }
  while (!who.authenticated && who.auth_enabled !== false) {
    who = await renderSignIn(app, signIn);
  }
  return toCaller(who);
}

async function start() {
  const caller = await signedIn();
  if (!caller) return;
  base.caller = caller;
  layout = renderLayout(app, {
    onSearch: (q) => navigate('/search?q=' + encodeURIComponent(q)),
    onSignOut: async () => { await signOut().catch(() => {}); restart(); },
  });
  layout.setCaller(caller);
  app.removeAttribute('aria-busy');
  if (!render) {
    render = startRouter({ get main() { return layout.main; }, setActive: (id) => layout.setActive(id) }, base);
    installKeys({ navigate, focusSearch: () => layout.search.focus(), help: () => layout.showHelp() });
  }
  await render();
}

function restart() {
  base.focusOnRender = false;
  start();
}

// A call answered 401 (the session expired or was revoked): sign in again, then come back to the same page.
let restarting = false;
window.addEventListener('crucible:unauthenticated', () => {
  if (restarting || !base.caller?.authEnabled) return;
  restarting = true;
  base.caller = null;
  start().finally(() => { restarting = false; });
});

start();

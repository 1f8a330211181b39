import { h, replace } from './dom.js';
import { describeError } from './banner.js';

/**
 * The sign-in form (the shell is the login page): posts to the login endpoint through signIn(user, password) and
 * resolves once signed in. Shown when whoami says nobody is, with authentication on.
 */
export function renderSignIn(app, signIn) {
  return new Promise((resolve) => {
    const user = h('input', { type: 'text', id: 'username', name: 'username', autocomplete: 'username', required: true });
    const password = h('input', { type: 'password', id: 'password', name: 'password', autocomplete: 'current-password', required: true });
    const message = h('p', { id: 'signin-message', role: 'status', class: 'muted' });
    const button = h('button', { type: 'submit', class: 'primary' }, 'Sign in');
    const form = h('form', { class: 'signin', id: 'signin', 'aria-labelledby': 'signin-title' },
      h('h1', { id: 'signin-title' }, 'Sign in to Crucible'),
      h('label', { for: 'username' }, 'User'), user,
      h('label', { for: 'password' }, 'Password'), password,
      button, message);
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      button.disabled = true;
      message.textContent = 'Signing in…';
      try {
        resolve(await signIn(user.value, password.value));
      } catch (error) {
        message.textContent = error?.status === 401 ? 'Wrong user name or password.' : describeError(error).message;
        message.className = 'status-bad';
        password.select();
      } finally {
        button.disabled = false;
      }
    });
    replace(app, form);
    app.removeAttribute('aria-busy');
    user.focus();
  });
}

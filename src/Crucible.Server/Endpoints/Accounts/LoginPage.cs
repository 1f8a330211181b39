namespace Crucible.Server.Endpoints.Accounts;

/// <summary>The sign-in page: a form posting JSON to the login endpoint from an inline script; no external assets.</summary>
internal static class LoginPage
{
    public const string Html = """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>Sign in · Crucible</title>
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <style>body{font-family:system-ui,sans-serif;max-width:22rem;margin:4rem auto;padding:0 1rem}
        label{display:block;margin:.8rem 0 .2rem}input{width:100%;padding:.4rem;box-sizing:border-box}
        button{margin-top:1rem;padding:.5rem 1rem}#message{margin-top:1rem;min-height:1.2rem}</style></head>
        <body><h1>Crucible</h1>
        <form id="login"><label for="username">User</label><input id="username" name="username" autocomplete="username" required>
        <label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
        <button type="submit">Sign in</button></form><p id="message" role="status"></p>
        <script>
        document.getElementById('login').addEventListener('submit', async (event) => {
          event.preventDefault();
          const message = document.getElementById('message');
          const body = JSON.stringify({ username: document.getElementById('username').value, password: document.getElementById('password').value });
          const response = await fetch('/api/crucible/v1/auth/login', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body, credentials: 'same-origin' });
          if (response.ok) {
            const session = await response.json();
            sessionStorage.setItem('crucible.csrf', session.csrf_token);
            message.textContent = 'Signed in as ' + session.username + ' (' + session.role + ').';
          } else {
            const problem = await response.json().catch(() => ({}));
            message.textContent = problem.detail || 'Sign-in failed.';
          }
        });
        </script></body></html>
        """;
}

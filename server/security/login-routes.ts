// GET /login: a plain HTML form (no script, strict CSP). POST /login with the right token sets an
// HttpOnly SameSite=Strict session cookie and redirects to the viewer. POST /logout clears it.
import { Hono } from 'hono';
import { securityHeaders } from '../viewer-routes.js';
import { SESSION_COOKIE, sameSecret, sessionValue } from './token.js';

const escape = (text: string): string =>
  text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] ?? ch);

/** Only same-origin paths: "/b/x" yes; "//evil.example", "/\\evil", "https://..." no. */
export function safeNext(next: string | undefined | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.includes('\\')) return '/';
  return next;
}

function page(next: string, failed: boolean): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>hookscope: log in</title>
<style>body{font:16px system-ui,sans-serif;max-width:22rem;margin:15vh auto;padding:0 1rem}input,button{font:inherit;padding:.5rem;width:100%;box-sizing:border-box;margin:.3rem 0}.err{color:#b00020}</style>
</head><body>
<h1>hookscope</h1>
<p>This server is protected by a token (<code>--token</code>).</p>
${failed ? '<p class="err" role="alert">That token is not right.</p>' : ''}
<form method="post" action="/login">
<label for="token">Token</label>
<input id="token" name="token" type="password" autocomplete="current-password" autofocus required>
<input type="hidden" name="next" value="${escape(next)}">
<button type="submit">Log in</button>
</form>
</body></html>`;
}

const html = (body: string, status: number): Response =>
  new Response(body, { status, headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', ...securityHeaders } });

export function loginRoutes(token: string | null): Hono {
  const app = new Hono();
  app.get('/login', (c) => {
    if (token === null || token === '') return c.redirect('/', 302);
    return html(page(safeNext(c.req.query('next')), false), 200);
  });
  app.post('/login', async (c) => {
    if (token === null || token === '') return c.redirect('/', 303);
    let form: Record<string, unknown> = {};
    try {
      form = await c.req.parseBody();
    } catch {
      form = {};
    }
    const given = typeof form.token === 'string' ? form.token : '';
    const next = safeNext(typeof form.next === 'string' ? form.next : '/');
    if (!sameSecret(given, token)) return html(page(next, true), 401);
    // Secure when the browser reached us over https (directly or through a TLS-terminating proxy).
    const https = new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https';
    c.header('Set-Cookie', `${SESSION_COOKIE}=${sessionValue(token)}; Path=/; HttpOnly; SameSite=Strict${https ? '; Secure' : ''}`);
    return c.redirect(next, 303);
  });
  app.post('/logout', (c) => {
    c.header('Set-Cookie', `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`);
    return c.redirect('/login', 303);
  });
  return app;
}

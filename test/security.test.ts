// --token: API, viewer, /metrics and live sockets need it; capture URLs and /healthz stay open.
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHookscope, type HookscopeServer } from '../server/index.js';
import { credentialsAccepted, safeNext, sameSecret, sessionValue } from '../server/security/index.js';
import { connect, refusedUpgrade, wsUrl } from './live-helpers.js';

const TOKEN = 's3cret-token-value';
let s: HookscopeServer;
beforeAll(async () => {
  s = await startHookscope({ port: 0, db: ':memory:', quiet: true, token: TOKEN });
});
afterAll(() => s.close());

const auth = { Authorization: `Bearer ${TOKEN}` };

describe('token on the API', () => {
  it('refuses the API without a token, with a wrong one, and accepts the right Bearer', async () => {
    const none = await fetch(`${s.url}/api/bins`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(((await none.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
    expect((await fetch(`${s.url}/api/bins`, { headers: { Authorization: 'Bearer nope' } })).status).toBe(401);
    expect((await fetch(`${s.url}/api/bins`, { headers: { Authorization: `Basic ${TOKEN}` } })).status).toBe(401);
    expect((await fetch(`${s.url}/api/bins`, { headers: auth })).status).toBe(200);
    // ?token= is for WebSocket upgrades only: it would end up in logs and Referer headers.
    expect((await fetch(`${s.url}/api/bins?token=${TOKEN}`)).status).toBe(401);
  });

  it('protects /metrics and API writes', async () => {
    expect((await fetch(`${s.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${s.url}/metrics`, { headers: auth })).status).toBe(200);
    const created = await fetch(`${s.url}/api/bins`, { method: 'POST', body: '{"name":"sec-a"}', headers: { 'content-type': 'application/json' } });
    expect(created.status).toBe(401);
  });

  it('keeps capture URLs and /healthz open to senders', async () => {
    const captured = await fetch(`${s.url}/h/open-bin`, { method: 'POST', body: '{"x":1}' });
    expect(captured.status).toBe(200);
    expect((await fetch(`${s.url}/healthz`)).status).toBe(200);
    const list = await fetch(`${s.url}/api/bins/open-bin/requests`, { headers: auth });
    expect(((await list.json()) as { requests: unknown[] }).requests).toHaveLength(1);
  });

  it('adds nosniff and no-store to API answers', async () => {
    const res = await fetch(`${s.url}/api/bins`, { headers: auth });
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('cache-control')).toBe('no-store');
  });
});

describe('viewer and login', () => {
  it('sends a browser to the login page, which has a CSP and no script', async () => {
    const res = await fetch(`${s.url}/b/some-bin`, { headers: { Accept: 'text/html' }, redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/login?next=%2Fb%2Fsome-bin');
    const login = await fetch(`${s.url}/login?next=%2Fb%2Fsome-bin`);
    expect(login.status).toBe(200);
    expect(login.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await login.text();
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('method="post" action="/login"');
    expect(html).toContain('value="/b/some-bin"');
  });

  it('sets an HttpOnly SameSite=Strict cookie for the right token and redirects to next', async () => {
    const wrong = await fetch(`${s.url}/login`, { method: 'POST', body: new URLSearchParams({ token: 'bad' }), redirect: 'manual' });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('set-cookie')).toBeNull();
    const ok = await fetch(`${s.url}/login`, { method: 'POST', body: new URLSearchParams({ token: TOKEN, next: '/b/x' }), redirect: 'manual' });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/b/x');
    const cookie = ok.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).not.toContain(TOKEN);
    expect(cookie).not.toMatch(/Secure/);
    const viaTls = await fetch(`${s.url}/login`, { method: 'POST', body: new URLSearchParams({ token: TOKEN }), redirect: 'manual', headers: { 'X-Forwarded-Proto': 'https' } });
    expect(viaTls.headers.get('set-cookie')).toMatch(/; Secure$/);
    const pair = cookie.split(';')[0];
    expect((await fetch(`${s.url}/api/bins`, { headers: { Cookie: pair } })).status).toBe(200);
    expect((await fetch(`${s.url}/api/bins`, { headers: { Cookie: pair + 'x' } })).status).toBe(401);
  });

  it('never redirects off-site after login', async () => {
    const res = await fetch(`${s.url}/login`, { method: 'POST', body: new URLSearchParams({ token: TOKEN, next: '//evil.example/' }), redirect: 'manual' });
    expect(res.headers.get('location')).toBe('/');
    expect(safeNext('https://evil.example')).toBe('/');
    expect(safeNext('/\\evil.example')).toBe('/');
    expect(safeNext('/b/ok?x=1')).toBe('/b/ok?x=1');
  });
});

describe('token on the live socket', () => {
  it('accepts Bearer, ?token= and the session cookie; refuses none', async () => {
    await fetch(`${s.url}/h/live-sec`, { method: 'POST', body: 'x' });
    const url = wsUrl(s.url, '/api/bins/live-sec/live');
    expect((await refusedUpgrade(url)).status).toBe(401);
    for (const options of [{ headers: auth }, { headers: { Cookie: `hookscope_session=${sessionValue(TOKEN)}` } }]) {
      const c = await connect(url, options);
      c.close();
    }
    const q = await connect(url + '?token=' + TOKEN);
    q.close();
  });
});

describe('token helpers', () => {
  it('compares in constant time regardless of length and accepts nothing when a token is set', () => {
    expect(sameSecret('abc', 'abc')).toBe(true);
    expect(sameSecret('abc', 'abcd')).toBe(false);
    expect(sameSecret('', 'abc')).toBe(false);
    expect(credentialsAccepted({}, null)).toBe(true);
    expect(credentialsAccepted({}, 't')).toBe(false);
    expect(credentialsAccepted({ authorization: 'bearer t' }, 't')).toBe(true);
    expect(credentialsAccepted({ cookie: 'a=1; hookscope_session=' + sessionValue('t') }, 't')).toBe(true);
    expect(credentialsAccepted({ cookie: 'hookscope_session=t' }, 't')).toBe(false);
  });
});

describe('without a token', () => {
  it('leaves everything open and /login redirects home', async () => {
    const open = await startHookscope({ port: 0, db: ':memory:', quiet: true });
    try {
      expect((await fetch(`${open.url}/api/bins`)).status).toBe(200);
      expect((await fetch(`${open.url}/metrics`)).status).toBe(200);
      expect((await fetch(`${open.url}/login`, { redirect: 'manual' })).status).toBe(302);
    } finally {
      await open.close();
    }
  });
});

describe('DNS rebinding and cross-site WebSockets', () => {
  it('answers only loopback names (and --public-url) on a loopback server without a token', async () => {
    const open = await startHookscope({ port: 0, db: ':memory:', quiet: true, publicUrl: 'https://hooks.example.dev' });
    try {
      const get = (host: string) => new Promise<number>((resolve, reject) => {
        const req = httpRequest(`${open.url}/api/bins`, { headers: { Host: host } }, (res) => (res.resume(), resolve(res.statusCode ?? 0)));
        req.on('error', reject);
        req.end();
      });
      expect(await get('evil.example:' + open.port)).toBe(403);
      expect(await get('localhost:' + open.port)).toBe(200);
      expect(await get('127.0.0.1')).toBe(200);
      expect(await get('app.localhost')).toBe(200);
      expect(await get('hooks.example.dev')).toBe(200);
      // Capture stays open whatever the Host (senders behind tunnels and proxies).
      const capture = await new Promise<number>((resolve) => {
        const req = httpRequest(`${open.url}/h/rebind`, { method: 'POST', headers: { Host: 'evil.example' } }, (res) => (res.resume(), resolve(res.statusCode ?? 0)));
        req.end('x');
      });
      expect(capture).toBe(200);
      expect((await refusedUpgrade(wsUrl(open.url, '/api/bins/rebind/live'), { Host: 'evil.example' })).status).toBe(403);
      const cswsh = await refusedUpgrade(wsUrl(open.url, '/api/bins/rebind/live'), { Origin: 'http://evil.example' });
      expect(cswsh.status).toBe(403);
      expect(cswsh.body).toContain('cross_origin');
      expect((await refusedUpgrade(wsUrl(open.url, '/v1/socket'), { Origin: 'http://evil.example' })).status).toBe(403);
      const same = await connect(wsUrl(open.url, '/api/bins/rebind/live'), { headers: { Origin: open.url } });
      same.close();
    } finally {
      await open.close();
    }
  });

  it('turns the Host check off when a token protects the server', async () => {
    const res = await new Promise<number>((resolve) => {
      const req = httpRequest(`${s.url}/api/bins`, { headers: { Host: 'anything.example', ...auth } }, (r) => (r.resume(), resolve(r.statusCode ?? 0)));
      req.end();
    });
    expect(res).toBe(200);
  });
});

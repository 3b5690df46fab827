// Serves the built viewer (dist/web) with a strict Content-Security-Policy: payloads are untrusted.
import { existsSync, readFileSync } from 'node:fs';
import { join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import type { Context } from './context.js';

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self' ws: wss:",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ');

export const securityHeaders: Record<string, string> = {
  'Content-Security-Policy': CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

const types: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

export function defaultWebRoot(): string {
  // Built: dist/server/viewer-routes.js -> dist/web. From source (tsx, tests): server/viewer-routes.ts
  // -> dist/web at the package root; never the unbuilt web/ beside server/.
  const here = fileURLToPath(new URL('.', import.meta.url));
  const fromDist = /[\\/]dist[\\/]server[\\/]?$/.test(here);
  return fromDist ? join(here, '../web') : join(here, '../dist/web');
}

export function viewerRoutes(ctx: Context): Hono {
  const root = ctx.config.webRoot ?? defaultWebRoot();
  const app = new Hono();
  const index = (): Response => {
    const file = join(root, 'index.html');
    if (!existsSync(file)) {
      return new Response('hookscope viewer is not built: run `npm run build:web` (npm start does it for you).', {
        status: 503,
        headers: { 'Content-Type': 'text/plain; charset=utf-8', ...securityHeaders },
      });
    }
    return new Response(readFileSync(file), { headers: { 'Content-Type': types['.html'], ...securityHeaders } });
  };
  app.get('/', index);
  app.get('/b/:bin', index);
  app.get('/assets/*', (c) => {
    const rel = normalize(c.req.path).replace(/^(\.\.[/\\])+/, '');
    const file = join(root, rel);
    if (!file.startsWith(root) || !existsSync(file)) return c.notFound();
    const ext = file.slice(file.lastIndexOf('.'));
    return new Response(readFileSync(file), {
      headers: { 'Content-Type': types[ext] ?? 'application/octet-stream', 'Cache-Control': 'public, max-age=31536000, immutable', ...securityHeaders },
    });
  });
  app.get('/favicon.svg', (c) => {
    const file = join(root, 'favicon.svg');
    return existsSync(file) ? new Response(readFileSync(file), { headers: { 'Content-Type': types['.svg'] } }) : c.notFound();
  });
  return app;
}

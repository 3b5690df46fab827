import type { Context as HonoContext } from 'hono';
import type { Context } from '../context.js';

/** The base of URLs handed out: --public-url, else the Host the API was called with, else the listen URL. */
export function baseUrl(ctx: Context, c: HonoContext): string {
  if (ctx.config.publicUrl) return ctx.config.publicUrl;
  const host = c.req.header('host');
  if (host && /^[A-Za-z0-9.\-:[\]]+$/.test(host)) return `http://${host}`;
  return ctx.listenUrl();
}

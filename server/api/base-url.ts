import type { Context as HonoContext } from 'hono';
import type { Context } from '../context.js';

/** The base of URLs handed out: --public-url, else the Host the call came with, else the listen URL. */
export function baseUrlFor(ctx: Context, host: string | undefined): string {
  if (ctx.config.publicUrl) return ctx.config.publicUrl;
  if (host && /^[A-Za-z0-9.\-:[\]]+$/.test(host)) return `http://${host}`;
  return ctx.listenUrl();
}

export function baseUrl(ctx: Context, c: HonoContext): string {
  return baseUrlFor(ctx, c.req.header('host'));
}

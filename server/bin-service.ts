// Bin operations shared by the API and the capture path: create, auto-create, update (re-verifying
// stored requests when secrets change), delete, clear, and the wire view with masked secrets.
import type { Bin } from '../core/wire.js';
import type { Context } from './context.js';
import { httpError } from './errors.js';
import { isBinName, randomBinId } from './ids.js';
import { type BinRecord, type BinSettings, emptySettings } from './store/bins.js';

export interface BinInput {
  name?: string;
  maxRequests?: number;
  ttl?: number;
  pusher?: BinSettings['pusher'];
  secret?: string | null;
  response?: BinSettings['response'];
  forward?: BinSettings['forward'];
}

/** All but the last 4 characters masked: secrets never leave the server whole. */
export function mask(secret: string): string {
  return secret.length <= 4 ? '*'.repeat(secret.length) : '*'.repeat(Math.min(secret.length - 4, 12)) + secret.slice(-4);
}

export function binView(ctx: Context, bin: BinRecord, baseUrl: string): Bin & Record<string, unknown> {
  return {
    id: bin.id,
    name: bin.named ? bin.id : null,
    url: `${baseUrl}/h/${bin.id}`,
    viewerUrl: `${baseUrl}/b/${bin.id}`,
    createdAt: bin.createdAt,
    lastActivityAt: bin.lastActivityAt,
    requestCount: bin.requestCount,
    maxRequests: bin.maxRequests ?? ctx.config.maxRequests,
    ttl: bin.ttlMs ?? ctx.config.ttl,
    pusher: bin.settings.pusher.map((c) => ({ key: c.key, secret: mask(c.secret) })),
    secret: bin.settings.secret === null ? null : mask(bin.settings.secret),
    response: bin.settings.response,
    forward: bin.settings.forward,
  };
}

export function createBin(ctx: Context, input: BinInput): BinRecord {
  if (input.name !== undefined && ctx.bins.get(input.name)) {
    throw httpError(409, 'bin_exists', `a bin named "${input.name}" already exists`);
  }
  if (ctx.bins.count() >= ctx.config.maxBins) {
    throw httpError(507, 'too_many_bins', `the server keeps at most ${ctx.config.maxBins} bins (--max-bins)`);
  }
  const now = ctx.now();
  const settings: BinSettings = { ...emptySettings() };
  applySettings(settings, input);
  return ctx.bins.create({
    id: input.name ?? randomBinId(),
    named: input.name !== undefined,
    createdAt: now,
    lastActivityAt: now,
    requestCount: 0,
    maxRequests: input.maxRequests ?? null,
    ttlMs: input.ttl ?? null,
    settings,
  });
}

/** The bin a capture URL names, created on first use when it is a valid name and auto-create is on. */
export function binForCapture(ctx: Context, id: string): BinRecord | undefined {
  const bin = ctx.bins.get(id);
  if (bin || !ctx.config.autoCreate || !isBinName(id) || ctx.bins.count() >= ctx.config.maxBins) return bin;
  return createBin(ctx, { name: id });
}

export function requireBin(ctx: Context, id: string): BinRecord {
  const bin = ctx.bins.get(id);
  if (!bin) throw httpError(404, 'bin_not_found', `no bin "${id}"`);
  return bin;
}

function applySettings(settings: BinSettings, input: BinInput): boolean {
  let secretsChanged = false;
  if (input.pusher !== undefined) (settings.pusher = input.pusher), (secretsChanged = true);
  if (input.secret !== undefined) (settings.secret = input.secret), (secretsChanged = true);
  if (input.response !== undefined) settings.response = input.response;
  if (input.forward !== undefined) settings.forward = input.forward;
  return secretsChanged;
}

export function updateBin(ctx: Context, bin: BinRecord, input: BinInput, baseUrl: string): BinRecord {
  if (input.name !== undefined && input.name !== bin.id) {
    throw httpError(400, 'rename_unsupported', 'a bin cannot be renamed: its name is its URL');
  }
  const settings: BinSettings = { ...bin.settings };
  const secretsChanged = applySettings(settings, input);
  const next: BinRecord = {
    ...bin,
    settings,
    maxRequests: input.maxRequests ?? bin.maxRequests,
    ttlMs: input.ttl ?? bin.ttlMs,
    lastActivityAt: ctx.now(),
  };
  ctx.bins.save(next);
  if (secretsChanged) reverify(ctx, next);
  ctx.hub.publish(next.id, { type: 'bin', bin: binView(ctx, next, baseUrl) });
  return next;
}

/** Recomputes every stored request's verdict with the bin's current secrets (in pages, one transaction). */
export function reverify(ctx: Context, bin: BinRecord): number {
  type Row = { id: number; raw_headers: string; body: Buffer; content_type: string | null };
  const page = ctx.db.prepare('SELECT id, raw_headers, body, content_type FROM requests WHERE bin_id = ? AND id > ? ORDER BY id LIMIT 500');
  const update = ctx.db.prepare('UPDATE requests SET signature = ?, sig_status = ? WHERE id = ?');
  let n = 0;
  ctx.db.transaction(() => {
    for (let last = 0, rows = page.all(bin.id, last) as Row[]; rows.length > 0; rows = page.all(bin.id, last) as Row[]) {
      for (const row of rows) {
        const rawHeaders = JSON.parse(row.raw_headers) as string[];
        const verdict = ctx.deriver.signature(bin, { rawHeaders, body: row.body, contentType: row.content_type });
        update.run(JSON.stringify(verdict), verdict.status, row.id);
        n++;
      }
      last = rows[rows.length - 1].id;
    }
  })();
  return n;
}

export function deleteBin(ctx: Context, id: string): void {
  requireBin(ctx, id);
  ctx.bins.remove(id);
  ctx.hub.publish(id, { type: 'bin_deleted' });
}

export function clearBin(ctx: Context, id: string): void {
  requireBin(ctx, id);
  ctx.bins.clear(id);
  ctx.hub.publish(id, { type: 'cleared' });
}

export function deleteRequest(ctx: Context, binId: string, id: number): void {
  const bin = requireBin(ctx, binId);
  if (!ctx.requests.remove(binId, id)) throw httpError(404, 'request_not_found', `no request ${id} in bin "${binId}"`);
  bin.requestCount -= 1;
  ctx.hub.publish(binId, { type: 'deleted', id });
}

/** Removes bins untouched for longer than their ttl. Returns the ids removed. */
export function sweepExpired(ctx: Context): string[] {
  const now = ctx.now();
  const expired = ctx.bins.list().filter((b) => now - b.lastActivityAt > (b.ttlMs ?? ctx.config.ttl));
  for (const bin of expired) {
    ctx.bins.remove(bin.id);
    ctx.hub.publish(bin.id, { type: 'bin_deleted' });
  }
  return expired.map((b) => b.id);
}

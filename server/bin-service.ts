// Bin operations shared by the API and the capture path: create, auto-create, update (re-verifying
// stored requests when secrets change), delete, clear, and the wire view with masked secrets.
// Live messages follow from the store's change announcements (start.ts), not from here.
import type { Bin } from '../core/wire.js';
import type { Context } from './context.js';
import { httpError } from './errors.js';
import { isBinName, randomBinId } from './ids.js';
import { BinExistsError, type BinRecord, type BinSettings, emptySettings } from './store/index.js';

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

function newRecord(ctx: Context, input: BinInput): BinRecord {
  const now = ctx.now();
  const settings: BinSettings = { ...emptySettings() };
  applySettings(settings, input);
  return {
    id: input.name ?? randomBinId(),
    named: input.name !== undefined,
    createdAt: now,
    lastActivityAt: now,
    requestCount: 0,
    maxRequests: input.maxRequests ?? null,
    ttlMs: input.ttl ?? null,
    settings,
  };
}

function checkRoom(ctx: Context): void {
  if (ctx.store.bins.count() >= ctx.config.maxBins) {
    throw httpError(507, 'too_many_bins', `the server keeps at most ${ctx.config.maxBins} bins (--max-bins)`);
  }
}

export async function createBin(ctx: Context, input: BinInput): Promise<BinRecord> {
  const taken = () => httpError(409, 'bin_exists', `a bin named "${input.name}" already exists`);
  if (input.name !== undefined && ctx.store.bins.get(input.name)) throw taken();
  checkRoom(ctx);
  try {
    return await ctx.store.bins.create(newRecord(ctx, input));
  } catch (err) {
    if (err instanceof BinExistsError) throw taken();
    throw err;
  }
}

/** Auto-creations in flight: concurrent first requests to a new name share one. */
const ensuring = new WeakMap<Context, Map<string, Promise<BinRecord>>>();

/**
 * The bin a capture URL names, created on first use when it is a valid name and auto-create is on.
 * The common case (a known bin) is synchronous; only a first use returns a promise.
 */
export function binForCapture(ctx: Context, id: string): BinRecord | Promise<BinRecord | undefined> | undefined {
  const bin = ctx.store.bins.get(id);
  if (bin) return bin;
  // Not cached: another node sharing the database may have created it a moment ago.
  if (!ctx.config.autoCreate || !isBinName(id) || ctx.store.bins.count() >= ctx.config.maxBins) return id.length <= 64 ? ctx.store.bins.refresh(id) : undefined;
  let inFlight = ensuring.get(ctx);
  if (!inFlight) ensuring.set(ctx, (inFlight = new Map()));
  let made = inFlight.get(id);
  if (!made) {
    const pending = inFlight;
    made = ctx.store.bins.ensure(newRecord(ctx, { name: id })).finally(() => pending.delete(id));
    inFlight.set(id, made);
  }
  return made;
}

export function requireBin(ctx: Context, id: string): BinRecord {
  const bin = ctx.store.bins.get(id);
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

/** Saves the changes; when the secrets changed, every stored request is verified again (same transaction). */
export async function updateBin(ctx: Context, bin: BinRecord, input: BinInput): Promise<BinRecord> {
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
  return ctx.store.bins.save(next, secretsChanged ? (r) => ctx.deriver.signature(next, r) : undefined);
}

export async function deleteBin(ctx: Context, id: string): Promise<void> {
  requireBin(ctx, id);
  await ctx.store.bins.remove(id);
}

export async function clearBin(ctx: Context, id: string): Promise<void> {
  requireBin(ctx, id);
  await ctx.store.bins.clear(id);
}

export async function deleteRequest(ctx: Context, binId: string, id: number): Promise<void> {
  requireBin(ctx, binId);
  if (!(await ctx.store.requests.remove(binId, id))) throw httpError(404, 'request_not_found', `no request ${id} in bin "${binId}"`);
}

/** Removes bins untouched for longer than their ttl (judged by the store: other nodes capture too). Resolves to the ids removed. */
export function sweepExpired(ctx: Context): Promise<string[]> {
  return ctx.store.bins.sweepIdle(ctx.now(), ctx.config.ttl);
}

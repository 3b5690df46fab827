// Cross-check against the official `pusher` Node library (formats.md 1.3) on generated cases.
// Documented differences: hookscope accepts upper-case hex and any content type, but warns.
// Everything else must agree: where pusher-node says valid hookscope says valid; where it says
// invalid or throws, hookscope says invalid/unsigned/no_secret, or valid with exactly the
// warning that explains the difference.
import Pusher from 'pusher';
import { describe, expect, it } from 'vitest';
import type { SignatureVerdict } from '../core/wire.js';
import { signPusher, verifyRequest } from '../server/verify/index.js';

type Token = { key: string; secret: string };
type Outcome = 'valid' | 'invalid' | 'throws';

interface Case {
  tokens: Token[];
  body: string;
  /** Header name (original case) -> value, in order; absent headers are left out. */
  headers: [string, string][];
}

/** Deterministic PRNG (mulberry32) so a failing case can be reproduced from its index. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function makeGen(seed: number) {
  const r = rng(seed);
  const int = (n: number) => Math.floor(r() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)];
  const chars = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_ "\\/é✓😀\n\t';
  const str = (max: number) => Array.from({ length: 1 + int(max) }, () => pick([...chars])).join('');
  const word = () => Array.from({ length: 3 + int(12) }, () => pick([...'abcdef0123456789'])).join('');
  return { r, int, pick, str, word };
}

type Gen = ReturnType<typeof makeGen>;

function randomBody(g: Gen): string {
  const events = Array.from({ length: 1 + g.int(4) }, () => ({
    name: g.pick(['channel_occupied', 'member_added', 'client_event', 'x_unknown']),
    channel: `presence-${g.str(12)}`,
    ...(g.r() < 0.5 ? { data: g.r() < 0.5 ? g.str(40) : { nested: g.str(20), n: g.int(1e6) } } : {}),
  }));
  // Sender serializers differ in spacing and key order: vary both (formats.md 6.1).
  const obj = g.r() < 0.5 ? { time_ms: 1.7e12 + g.int(1e9), events } : { events, time_ms: g.int(2e9) };
  return JSON.stringify(obj, null, g.pick([0, 0, 2, '\t']));
}

function randomCase(g: Gen): Case {
  const tokens: Token[] = Array.from({ length: 1 + g.int(3) }, () => ({ key: g.word(), secret: g.str(30) }));
  if (g.r() < 0.15) tokens.push({ key: tokens[0].key, secret: g.str(30) }); // two secrets for one key
  const body = randomBody(g);
  const signer = g.r() < 0.8 ? g.pick(tokens) : { key: g.word(), secret: g.str(30) };
  let sig: string | null = signPusher(body, signer.secret);
  const sigKind = g.int(10);
  if (sigKind === 0) sig = sig.toUpperCase();
  else if (sigKind === 1) sig = sig.slice(0, 1 + g.int(63));
  else if (sigKind === 2) sig = null;
  else if (sigKind === 3) sig = '';
  const keyKind = g.int(10);
  const key = keyKind === 0 ? null : keyKind === 1 ? g.word() : keyKind === 2 ? g.pick(tokens).key : signer.key;
  const contentType = g.pick(['application/json', 'application/json', 'application/json', 'application/json; charset=utf-8', 'Application/JSON', 'text/plain', null]);
  const tampered = g.r() < 0.15 ? `${body.slice(0, -1)} }` : body;
  const caseName = (n: string) => (g.r() < 0.5 ? n.toLowerCase() : n);
  const headers: [string, string][] = [['Host', 'localhost']];
  if (contentType !== null) headers.push([caseName('Content-Type'), contentType]);
  if (key !== null) headers.push([caseName('X-Pusher-Key'), key]);
  if (sig !== null) headers.push([caseName('X-Pusher-Signature'), sig]);
  return { tokens, body: tampered, headers };
}

function pusherSays(c: Case, override: Record<string, string> = {}): Outcome {
  const headers: Record<string, string> = Object.fromEntries(c.headers.map(([n, v]) => [n.toLowerCase(), v]));
  Object.assign(headers, override);
  const [primary, ...extra] = c.tokens;
  const pusher = new Pusher({ appId: '1', key: primary.key, secret: primary.secret, cluster: 'mt1' });
  try {
    return pusher.webhook({ headers, rawBody: c.body }).isValid(extra) ? 'valid' : 'invalid';
  } catch {
    return 'throws'; // a missing X-Pusher-Signature makes pusher-node throw (formats.md 1.3)
  }
}

function hookscopeSays(c: Case): SignatureVerdict {
  return verifyRequest({ rawHeaders: c.headers.flat(), body: new TextEncoder().encode(c.body) }, { pusher: c.tokens, secret: null });
}

const header = (c: Case, lower: string) => c.headers.find(([n]) => n.toLowerCase() === lower)?.[1];
const hasCtWarning = (v: SignatureVerdict) => (v.warnings ?? []).some((w) => w.includes('not exactly application/json'));

/** Returns a problem description, or null when hookscope and pusher-node agree. */
function disagreement(c: Case): string | null {
  const official = pusherSays(c);
  const v = hookscopeSays(c);
  const sig = header(c, 'x-pusher-signature');
  const ctDiffers = header(c, 'content-type') !== 'application/json';
  const upper = sig !== undefined && /[A-F]/.test(sig);
  // The same request with the two documented differences removed: what hookscope must match.
  const normalized = pusherSays(c, { 'content-type': 'application/json', ...(sig === undefined ? {} : { 'x-pusher-signature': sig.toLowerCase() }) });
  if (official === 'valid' && (v.status !== 'valid' || v.warnings !== undefined)) return `pusher valid, hookscope ${JSON.stringify(v)}`;
  if ((v.status === 'valid') !== (normalized === 'valid')) return `normalized pusher ${normalized}, hookscope ${v.status}`;
  if (v.status === 'no_secret') return 'no_secret although tokens are configured';
  if (v.scheme === 'pusher' && hasCtWarning(v) !== ctDiffers) return `content-type warning ${hasCtWarning(v)} for ${header(c, 'content-type')}`;
  if (v.status === 'valid' && (v.reason === 'uppercase_hex') !== upper) return `uppercase reason ${v.reason} for ${sig}`;
  if (official !== 'valid' && v.status === 'valid' && !upper && !ctDiffers) return 'hookscope valid without a documented difference';
  return null;
}

describe('hookscope vs the official pusher Node library', () => {
  const g = makeGen(20260518);
  const cases = Array.from({ length: 1500 }, () => randomCase(g));

  it('agrees on every generated case, up to the documented warnings', () => {
    const problems = cases.flatMap((c, i) => {
      const p = disagreement(c);
      return p === null ? [] : [{ i, problem: p, headers: c.headers, tokens: c.tokens }];
    });
    expect(problems.slice(0, 5)).toEqual([]);
  });

  it('covers every outcome (the generator did not degrade)', () => {
    const tally = new Map<string, number>();
    for (const c of cases) {
      const v = hookscopeSays(c);
      for (const label of [`pusher:${pusherSays(c)}`, `hookscope:${v.status}:${v.reason ?? ''}`]) {
        tally.set(label, (tally.get(label) ?? 0) + 1);
      }
    }
    for (const label of ['pusher:valid', 'pusher:invalid', 'pusher:throws', 'hookscope:valid:', 'hookscope:valid:uppercase_hex',
      'hookscope:invalid:mismatch', 'hookscope:invalid:unknown_key', 'hookscope:invalid:missing_key',
      'hookscope:invalid:malformed', 'hookscope:unsigned:missing_signature']) {
      expect(tally.get(label) ?? 0, label).toBeGreaterThan(10);
    }
  });
});

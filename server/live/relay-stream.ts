// /v1/socket: the Webhook Relay WebSocket protocol (seeds/004): auth, subscribe, then `webhook` messages.
import type { RawData } from 'ws';
import type { Config } from '../config.js';
import type { Peer } from './peers.js';
import type { RelayFanout } from './relay-fanout.js';
import { sameText } from './upgrade.js';

export interface RelayStatus {
  type: 'status';
  status: 'authenticated' | 'unauthorized' | 'subscribed' | 'error';
  message: string;
}

export type RelayAuthMode = 'credentials' | 'token' | 'open';

/** Configured relay key/secret win; else --token is the secret (any key); else anything is accepted. */
export function relayAuthMode(config: Pick<Config, 'relayKey' | 'relaySecret' | 'token'>): RelayAuthMode {
  if (config.relayKey !== null || config.relaySecret !== null) return 'credentials';
  return config.token !== null ? 'token' : 'open';
}

export function relayCredentialsOk(config: Pick<Config, 'relayKey' | 'relaySecret' | 'token'>, key: unknown, secret: unknown): boolean {
  if (typeof key !== 'string' || typeof secret !== 'string') return false;
  const matches = (expected: string | null, given: string): boolean => expected === null || sameText(given, expected);
  switch (relayAuthMode(config)) {
    case 'credentials':
      return matches(config.relayKey, key) && matches(config.relaySecret, secret);
    case 'token':
      return matches(config.token, secret);
    case 'open':
      return true;
  }
}

type Parsed = { ok: true; value: Record<string, unknown> } | { ok: false; reason: string };

function parseFrame(data: RawData): Parsed {
  const text = Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data as ArrayBuffer).toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'invalid JSON: send e.g. {"action":"auth","key":"KEY","secret":"SECRET"}' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, reason: 'expected a JSON object with an "action"' };
  }
  return { ok: true, value: value as Record<string, unknown> };
}

function parseBuckets(value: unknown): string[] | null | undefined {
  if (value === undefined || value === null) return null;
  if (!Array.isArray(value) || !value.every((b): b is string => typeof b === 'string')) return undefined;
  const buckets = [...new Set(value.filter((b) => b !== ''))];
  return buckets.length === 0 ? null : buckets;
}

export function serveRelayStream(config: Config, fanout: RelayFanout, peer: Peer): void {
  let authenticated = false;
  const status = (s: RelayStatus['status'], message: string): void => {
    const frame: RelayStatus = { type: 'status', status: s, message };
    peer.send(JSON.stringify(frame));
  };

  peer.ws.on('close', () => fanout.unsubscribe(peer));
  peer.ws.on('message', (data) => {
    const parsed = parseFrame(data);
    if (!parsed.ok) return status('error', parsed.reason);
    const { action } = parsed.value;
    if (action === 'auth') {
      if (relayCredentialsOk(config, parsed.value.key, parsed.value.secret)) {
        authenticated = true;
        return status('authenticated', 'connected successfully, subscribe to buckets');
      }
      fanout.unsubscribe(peer);
      status('unauthorized', 'invalid key or secret');
      return peer.drop(1008, 'unauthorized');
    }
    if (action === 'subscribe') {
      if (!authenticated) return status('unauthorized', 'authenticate first: {"action":"auth","key":"KEY","secret":"SECRET"}');
      const buckets = parseBuckets(parsed.value.buckets);
      if (buckets === undefined) return status('error', '"buckets" must be an array of bucket (bin) ids or names');
      fanout.subscribe(peer, buckets);
      return status('subscribed', buckets === null ? 'subscribed to all buckets' : `subscribed to buckets: ${buckets.join(', ')}`);
    }
    status('error', `unknown action ${JSON.stringify(action ?? null)}: use "auth" or "subscribe"`);
  });
}

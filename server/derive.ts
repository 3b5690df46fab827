// What hookscope derives from a stored request's raw bytes: the signature verdict (needs the bin's secrets,
// server only) and the decoded events (isomorphic core). Both can be derived again at any time.
import type { DecodedEvent, SignatureVerdict } from '../core/wire.js';
import type { StoredRequest } from './store/index.js';
import type { Config } from './config.js';
import type { EventIndexEntry } from './store/index.js';
import type { BinRecord } from './store/index.js';
import { type VerifyCredentials, verifyRequest } from './verify/index.js';
import { decodeEvents, decodeStoredEvents, indexEntries, indexLimit } from './events/decode-body.js';

export interface Derived {
  signature: SignatureVerdict;
  decoder: string | null;
  events: EventIndexEntry[];
}

export interface DeriveInput {
  rawHeaders: readonly string[];
  body: Uint8Array;
  contentType: string | null;
}

export type Deriver = ReturnType<typeof createDeriver>;

/** The bin's secrets; server-wide --pusher-key/--pusher-secret apply to bins that have no Pusher credentials. */
export function credentialsOf(bin: BinRecord, config: Pick<Config, 'pusherKey' | 'pusherSecret'>): VerifyCredentials {
  const fallback = config.pusherKey && config.pusherSecret ? [{ key: config.pusherKey, secret: config.pusherSecret }] : [];
  return { pusher: bin.settings.pusher.length > 0 ? bin.settings.pusher : fallback, secret: bin.settings.secret };
}

export function createDeriver(config: Pick<Config, 'pusherKey' | 'pusherSecret'> & Partial<Pick<Config, 'maxBody'>>) {
  // Inflated bodies (Content-Encoding) are capped at --max-body, like received ones.
  const maxOutput = config.maxBody ?? 10 * 1024 * 1024;
  return {
    signature(bin: BinRecord, input: DeriveInput): SignatureVerdict {
      return verifyRequest(input, credentialsOf(bin, config));
    },
    /** Decoded events of a stored request, for its detail view. */
    events(stored: StoredRequest): DecodedEvent[] {
      const { id, contentType } = stored.summary;
      return decodeStoredEvents(id, { body: stored.body, contentType, rawHeaders: stored.rawHeaders }, maxOutput);
    },
    derive(bin: BinRecord, input: DeriveInput): Derived {
      // On the capture hot path: one sync decode per request (JSON parse; zlib only when compressed).
      const decoded = decodeEvents(input, indexLimit(maxOutput));
      return { signature: this.signature(bin, input), decoder: decoded.decoder, events: indexEntries(decoded.events) };
    },
  };
}

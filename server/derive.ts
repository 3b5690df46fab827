// What hookscope derives from a stored request's raw bytes: the signature verdict (needs the bin's secrets,
// server only) and the decoded events (isomorphic core). Both can be derived again at any time.
import type { DecodedEvent, SignatureVerdict } from '../core/wire.js';
import type { StoredRequest } from './store/requests.js';
import type { Config } from './config.js';
import type { EventIndexEntry } from './store/request-row.js';
import type { BinRecord } from './store/bins.js';
import { type VerifyCredentials, verifyRequest } from './verify/index.js';

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

export function createDeriver(config: Pick<Config, 'pusherKey' | 'pusherSecret'>) {
  return {
    signature(bin: BinRecord, input: DeriveInput): SignatureVerdict {
      return verifyRequest(input, credentialsOf(bin, config));
    },
    /** Decoded events of a stored request, for its detail view. */
    events(_stored: StoredRequest): DecodedEvent[] {
      return [];
    },
    derive(bin: BinRecord, input: DeriveInput): Derived {
      return { signature: this.signature(bin, input), decoder: null, events: [] };
    },
  };
}

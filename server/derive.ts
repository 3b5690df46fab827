// What hookscope derives from a stored request's raw bytes: the signature verdict (needs the bin's secrets,
// server only) and the decoded events (isomorphic core). Both can be derived again at any time.
import type { DecodedEvent, SignatureVerdict } from '../core/wire.js';
import type { StoredRequest } from './store/requests.js';
import type { Config } from './config.js';
import type { EventIndexEntry } from './store/request-row.js';
import type { BinRecord } from './store/bins.js';

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

export function createDeriver(_config: Pick<Config, 'pusherKey' | 'pusherSecret'>) {
  return {
    signature(_bin: BinRecord, _input: DeriveInput): SignatureVerdict {
      return { scheme: null, status: 'unsigned' };
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

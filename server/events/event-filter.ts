// Exact-match event filters, one definition for every reader (core matchEvent): case-sensitive
// equality per field, an absent or empty field matches anything. The store's index narrows the
// candidates; this decides.
import { matchEvent } from '../../core/decode/index.js';
import type { DecodedEvent, RequestSummary, SignatureStatus } from '../../core/wire.js';
import type { EventFilter } from '../store/index.js';

export type { EventFilter } from '../store/index.js';

/** Filters on the request rather than on one of its events. */
export interface RequestMatchFilter {
  method?: string;
  signature?: SignatureStatus;
}

export type EventField = keyof EventFilter;

/** The filter fields, in the order messages name them. */
export const EVENT_FIELDS: readonly EventField[] = ['name', 'channel', 'event', 'userId'];

const isSet = (v: string | undefined): v is string => v !== undefined && v !== '';

export function hasEventFilter(f: EventFilter): boolean {
  return EVENT_FIELDS.some((field) => isSet(f[field]));
}

/** The request-field half of a filter as a store query's terms (methods are stored upper-case). */
export function requestRange(f: RequestMatchFilter): { method?: string; signature?: SignatureStatus } {
  return { ...(f.method && { method: f.method.toUpperCase() }), ...(f.signature && { signature: f.signature }) };
}

export function eventMatches(e: Pick<DecodedEvent, EventField>, f: EventFilter): boolean {
  return matchEvent(e, f);
}

export function requestMatches(s: RequestSummary, f: RequestMatchFilter): boolean {
  if (f.method && s.method !== f.method.toUpperCase()) return false;
  return !f.signature || s.signature.status === f.signature;
}

/** "name=member_added channel=presence-1" for messages. */
export function describeFilter(f: EventFilter & RequestMatchFilter): string {
  const parts = Object.entries(f).filter(([, v]) => isSet(v)).map(([k, v]) => `${k}=${String(v)}`);
  return parts.length > 0 ? parts.join(' ') : '(any)';
}

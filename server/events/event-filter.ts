// Exact-match event filters, one definition for the SQL (events table columns) and for decoded
// events in memory (core matchEvent), so an index query and a re-decoded check always agree:
// case-sensitive equality per field, an absent or empty field matches anything.
import { matchEvent } from '../../core/decode/index.js';
import type { DecodedEvent, RequestSummary } from '../../core/wire.js';

export interface EventFilter {
  name?: string;
  channel?: string;
  event?: string;
  userId?: string;
}

/** Filters on the request rather than on one of its events. */
export interface RequestMatchFilter {
  method?: string;
  signature?: string;
}

export type EventField = keyof EventFilter;

/** Filter field -> events table column. */
export const EVENT_FIELDS: readonly (readonly [EventField, string])[] = [
  ['name', 'name'],
  ['channel', 'channel'],
  ['event', 'event'],
  ['userId', 'user_id'],
];

const isSet = (v: string | undefined): v is string => v !== undefined && v !== '';

export function hasEventFilter(f: EventFilter): boolean {
  return EVENT_FIELDS.some(([field]) => isSet(f[field]));
}

/** `alias.column = ?` terms and their arguments for the fields that are set. */
export function eventTerms(f: EventFilter, alias: string): { terms: string[]; args: string[] } {
  const terms: string[] = [];
  const args: string[] = [];
  for (const [field, column] of EVENT_FIELDS) {
    const value = f[field];
    if (isSet(value)) (terms.push(`${alias}.${column} = ?`), args.push(value));
  }
  return { terms, args };
}

/** `alias.method = ?` / `alias.sig_status = ?` terms. */
export function requestTerms(f: RequestMatchFilter, alias: string): { terms: string[]; args: string[] } {
  const terms: string[] = [];
  const args: string[] = [];
  if (f.method) (terms.push(`${alias}.method = ?`), args.push(f.method.toUpperCase()));
  if (f.signature) (terms.push(`${alias}.sig_status = ?`), args.push(f.signature));
  return { terms, args };
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

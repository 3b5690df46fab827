// Index terms: what a request's events are found by. One term per distinct value of an exact-match
// filter field in any of its events (`n:` name, `c:` channel, `e:` client event name, `u:` user id)
// plus ANY_EVENT for a request that has events at all. A request holding `n:member_added` and
// `c:presence-1` may have them in different events: the index narrows, decoding decides
// (contract.ts, EventRequestQuery). Shared by the engines so that both index the same terms.
import type { EventFilter } from './contract.js';
import type { EventIndexEntry } from './request-row.js';

/** The term every request with at least one event carries (an unfiltered events page). */
export const ANY_EVENT = '*';

const PREFIX: readonly (readonly [keyof EventFilter, string])[] = [
  ['name', 'n:'],
  ['channel', 'c:'],
  ['event', 'e:'],
  ['userId', 'u:'],
];

/** Distinct terms of a request's events, ANY_EVENT first; none for a request without events. */
export function termsOf(events: readonly EventIndexEntry[]): string[] {
  if (events.length === 0) return [];
  const terms = new Set<string>([ANY_EVENT]);
  for (const e of events) {
    terms.add('n:' + e.name);
    if (e.channel !== undefined && e.channel !== '') terms.add('c:' + e.channel);
    if (e.event !== undefined && e.event !== '') terms.add('e:' + e.event);
    if (e.userId !== undefined && e.userId !== '') terms.add('u:' + e.userId);
  }
  return [...terms];
}

/** The terms a filter needs (all of them); ANY_EVENT alone for a filter that names no field. */
export function filterTerms(f: EventFilter): string[] {
  const terms: string[] = [];
  for (const [field, prefix] of PREFIX) {
    const value = f[field];
    if (value !== undefined && value !== '') terms.push(prefix + value);
  }
  return terms.length > 0 ? terms : [ANY_EVENT];
}

// Stored as one text: terms separated by a newline, a backslash or newline inside a term escaped.
// Smaller than JSON (no quotes, no commas) and split without a parser.

export function encodeTerms(terms: readonly string[]): string | null {
  if (terms.length === 0) return null;
  let out = '';
  for (let i = 0; i < terms.length; i++) {
    const t = terms[i];
    const safe = t.includes('\\') || t.includes('\n') ? t.replace(/\\/g, '\\\\').replace(/\n/g, '\\n') : t;
    out += i === 0 ? safe : '\n' + safe;
  }
  return out;
}

export function decodeTerms(text: string | null): string[] {
  if (text === null || text === '') return [];
  const parts = text.split('\n');
  if (!text.includes('\\')) return parts;
  return parts.map((p) => p.replace(/\\(\\|n)/g, (_m, c: string) => (c === 'n' ? '\n' : '\\')));
}

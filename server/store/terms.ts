// Index terms: what a request's events are found by. From each event's exact-match fields (name,
// channel, client event name, user id) a request gets one term per distinct value (`n:` name, `c:`
// channel, `e:` event, `u:` user), one per distinct name+channel pair (`nc:`, the filter waits and the
// viewer use most, made exact), and ANY_EVENT when it has events at all. A request holding
// `n:member_added` and `u:42` may have them in different events: the index narrows, decoding decides
// (contract.ts, EventRequestQuery). Shared by the engines so that both index the same terms.
import type { EventFilter } from './contract.js';
import type { EventIndexEntry } from './request-row.js';

/** The term every request with at least one event carries (an unfiltered events page). */
export const ANY_EVENT = '*';

const set = (v: string | undefined): v is string => v !== undefined && v !== '';
const pair = (name: string, channel: string): string => `nc:${name}\u0000${channel}`;

/** The events' distinct (name, channel, event, userId) tuples, in first-seen order: what a request is indexed by. */
export function distinctEntries(events: readonly EventIndexEntry[]): EventIndexEntry[] {
  if (events.length <= 1) return [...events];
  const seen = new Set<string>();
  const out: EventIndexEntry[] = [];
  for (const e of events) {
    const key = `${e.name}\u0000${e.channel ?? ''}\u0000${e.event ?? ''}\u0000${e.userId ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(e);
  }
  return out;
}

/** Distinct terms of a request's events, ANY_EVENT first; none for a request without events. */
export function termsOf(events: readonly EventIndexEntry[]): string[] {
  if (events.length === 0) return [];
  const terms = new Set<string>([ANY_EVENT]);
  for (const e of events) {
    terms.add('n:' + e.name);
    if (set(e.channel)) terms.add('c:' + e.channel).add(pair(e.name, e.channel));
    if (set(e.event)) terms.add('e:' + e.event);
    if (set(e.userId)) terms.add('u:' + e.userId);
  }
  return [...terms];
}

/** The terms a filter needs (all of them); ANY_EVENT alone for a filter that names no field. */
export function filterTerms(f: EventFilter): string[] {
  const terms: string[] = [];
  if (set(f.name) && set(f.channel)) terms.push(pair(f.name, f.channel));
  else if (set(f.name)) terms.push('n:' + f.name);
  else if (set(f.channel)) terms.push('c:' + f.channel);
  if (set(f.event)) terms.push('e:' + f.event);
  if (set(f.userId)) terms.push('u:' + f.userId);
  return terms.length > 0 ? terms : [ANY_EVENT];
}

/** Whether the index answers this filter exactly (one term: a name+channel pair counts as one). */
export function isExact(f: EventFilter): boolean {
  return filterTerms(f).length === 1;
}

// Stored as one text: an entry per line, its four fields separated by U+001F (an empty field: absent);
// a backslash, newline or U+001F inside a field escaped. Smaller than JSON and split without a parser.
const SEP = '\u001f';
const escape = (v: string | undefined): string =>
  v === undefined ? '' : /[\\\n\u001f]/.test(v) ? v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\u001f/g, '\\u') : v;
const unescape = (v: string): string | undefined =>
  v === '' ? undefined : v.includes('\\') ? v.replace(/\\(\\|n|u)/g, (_m, c: string) => (c === 'n' ? '\n' : c === 'u' ? SEP : '\\')) : v;

export function encodeEntries(entries: readonly EventIndexEntry[]): string | null {
  if (entries.length === 0) return null;
  return entries.map((e) => [escape(e.name), escape(e.channel), escape(e.event), escape(e.userId)].join(SEP)).join('\n');
}

/** Hand-rolled (no split, no spread): the start-up rebuild decodes one of these per stored request. */
export function decodeEntries(text: string | null): EventIndexEntry[] {
  if (text === null || text === '') return [];
  const out: EventIndexEntry[] = [];
  const escaped = text.includes('\\');
  let at = 0;
  while (at <= text.length) {
    let end = text.indexOf('\n', at);
    if (end === -1) end = text.length;
    const f1 = text.indexOf(SEP, at);
    const f2 = text.indexOf(SEP, f1 + 1);
    const f3 = text.indexOf(SEP, f2 + 1);
    const field = (from: number, to: number): string | undefined =>
      from === to ? undefined : escaped ? unescape(text.slice(from, to)) : text.slice(from, to);
    const e: EventIndexEntry = { name: field(at, f1) ?? '' };
    const channel = field(f1 + 1, f2);
    const event = field(f2 + 1, f3);
    const userId = field(f3 + 1, end);
    if (channel !== undefined) e.channel = channel;
    if (event !== undefined) e.event = event;
    if (userId !== undefined) e.userId = userId;
    out.push(e);
    at = end + 1;
  }
  return out;
}

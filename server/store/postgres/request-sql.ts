// The request-column half of every PostgreSQL request query: bounds, method, verdict, free text; and
// the event-driven form (requests holding events with given values, from the ev_keys GIN index).
import type { EventRequestQuery, RequestQuery } from '../contract.js';
import { SUMMARY_COLUMNS } from '../request-row.js';
import { ANY_EVENT, filterTerms } from '../terms.js';
import { termText } from './event-key.js';

export const R_SUMMARY = SUMMARY_COLUMNS.split(', ').map((c) => 'r.' + c).join(', ');
export const R_FULL = `${R_SUMMARY}, r.raw_headers, r.body`;

/** Placeholders numbered as values are added. */
export class Params {
  readonly values: unknown[] = [];
  add(v: unknown): string {
    this.values.push(v);
    return `$${this.values.length}`;
  }
}

/** `r.`-column terms of a request query (shared with the event-driven queries). */
export function requestTerms(q: RequestQuery, p: Params): string[] {
  const terms: string[] = [];
  if (q.after !== undefined) terms.push(`r.id > ${p.add(q.after)}`);
  if (q.before !== undefined) terms.push(`r.id < ${p.add(q.before)}`);
  if (q.method) terms.push(`r.method = ${p.add(q.method)}`);
  if (q.signature) terms.push(`r.sig_status = ${p.add(q.signature)}`);
  if (q.withEvents) terms.push('r.event_count > 0');
  if (q.q) {
    const body = `position(${p.add(Buffer.from(q.q, 'utf8'))}::bytea IN r.body) > 0`;
    // A NUL cannot be in a text value (nor in a path or query): then only the body bytes can match.
    if (q.q.includes('\0')) terms.push(body);
    else {
      const text = p.add(q.q);
      terms.push(`(strpos(r.path, ${text}) > 0 OR strpos(r.query, ${text}) > 0 OR ${body})`);
    }
  }
  return terms;
}

export function rangeSql(columns: string, binId: string, q: RequestQuery): { text: string; values: unknown[] } {
  const p = new Params();
  const terms = [`r.bin_id = ${p.add(binId)}`, ...requestTerms(q, p)];
  const text = `SELECT ${columns} FROM hookscope.requests r WHERE ${terms.join(' AND ')}
    ORDER BY r.id ${q.order === 'asc' ? 'ASC' : 'DESC'} LIMIT ${p.add(q.limit)}`;
  return { text, values: p.values };
}

/**
 * Requests of a bin whose events carry each of the filter's terms (server/store/terms.ts; contract.ts
 * EventRequestQuery): their ev_keys contain every term's key, found through the GIN index. For a
 * one-term filter (isExact) that is exact up to a collision of the 64-bit keys (about 1 in 10^19 per
 * pair of distinct terms of a bin); otherwise the superset the contract allows.
 */
export function eventRequestsSql(columns: string, binId: string, q: EventRequestQuery): { text: string; values: unknown[] } {
  const p = new Params();
  const bin = p.add(binId);
  const wanted = filterTerms(q.events);
  const terms = [`r.bin_id = ${bin}`, ...requestTerms(q, p)];
  if (wanted.length === 1 && wanted[0] === ANY_EVENT) terms.push('r.event_count > 0');
  else terms.push(`r.ev_keys @> ARRAY[${wanted.map((t) => `hookscope.event_key(${bin}, '', ${p.add(termText(t))})`).join(', ')}]::bigint[]`);
  const text = `SELECT ${columns} FROM hookscope.requests r WHERE ${terms.join(' AND ')}
    ORDER BY r.id ${q.order === 'asc' ? 'ASC' : 'DESC'} LIMIT ${p.add(q.limit)}`;
  return { text, values: p.values };
}

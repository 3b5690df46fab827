// The request-column half of every SQLite request query: bounds, method, verdict, free text.
import type { RequestQuery } from '../contract.js';
import { SUMMARY_COLUMNS } from '../request-row.js';

export const R_SUMMARY = SUMMARY_COLUMNS.split(', ').map((c) => 'r.' + c).join(', ');
export const R_FULL = `${R_SUMMARY}, r.raw_headers, r.body`;

/** `r.`-column terms and arguments of a request query (shared with the event-driven queries). */
export function requestWhere(q: RequestQuery): { terms: string[]; args: (string | number)[] } {
  const terms: string[] = [];
  const args: (string | number)[] = [];
  if (q.after !== undefined) (terms.push('r.id > ?'), args.push(q.after));
  if (q.before !== undefined) (terms.push('r.id < ?'), args.push(q.before));
  if (q.method) (terms.push('r.method = ?'), args.push(q.method));
  if (q.signature) (terms.push('r.sig_status = ?'), args.push(q.signature));
  if (q.withEvents) terms.push('r.event_count > 0');
  if (q.q) {
    terms.push('(instr(r.path, ?) > 0 OR instr(r.query, ?) > 0 OR instr(r.body, CAST(? AS BLOB)) > 0)');
    args.push(q.q, q.q, q.q);
  }
  return { terms, args };
}

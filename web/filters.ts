// Request filters: parsed from and written to the URL query string (so a view can be shared), and
// matched against live summaries with the same rules as the server's list query (server/store/requests.ts).
import type { RequestSummary, SignatureStatus } from '../core/wire.js';

export interface Filters {
  method: string;
  name: string;
  channel: string;
  signature: SignatureStatus | '';
  q: string;
}

export const emptyFilters: Filters = { method: '', name: '', channel: '', signature: '', q: '' };

const FILTER_KEYS = ['method', 'name', 'channel', 'signature', 'q'] as const;
const STATUSES: readonly string[] = ['valid', 'invalid', 'unsigned', 'no_secret'];

export function parseFilters(search: string): Filters {
  const params = new URLSearchParams(search);
  const signature = params.get('signature') ?? '';
  return {
    method: (params.get('method') ?? '').toUpperCase(),
    name: params.get('name') ?? '',
    channel: params.get('channel') ?? '',
    signature: STATUSES.includes(signature) ? (signature as SignatureStatus) : '',
    q: params.get('q') ?? '',
  };
}

/** The selected request id from the URL (`?req=12`), or null. */
export function parseSelected(search: string): number | null {
  const value = Number(new URLSearchParams(search).get('req'));
  return Number.isSafeInteger(value) && value > 0 ? value : null;
}

/** `?method=POST&name=member_added&req=12`, or '' when nothing is set. */
export function viewQuery(filters: Filters, selected: number | null): string {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) if (filters[key] !== '') params.set(key, filters[key]);
  if (selected !== null) params.set('req', String(selected));
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

/** The filters as API query parameters (empty ones left out). */
export function filterParams(filters: Filters): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of FILTER_KEYS) if (filters[key] !== '') out[key] = filters[key];
  return out;
}

export function hasFilters(filters: Filters): boolean {
  return FILTER_KEYS.some((key) => filters[key] !== '');
}

/** channel and q are answered by the server only (the summary has no channels and no body). */
export function needsServer(filters: Filters): boolean {
  return filters.channel !== '' || filters.q !== '';
}

/** Whether a summary passes the filters a client can check: method, signature status, event name. */
export function matchesLocally(summary: RequestSummary, filters: Filters): boolean {
  if (filters.method !== '' && summary.method.toUpperCase() !== filters.method.toUpperCase()) return false;
  if (filters.signature !== '' && summary.signature.status !== filters.signature) return false;
  if (filters.name !== '' && !summary.eventNames.includes(filters.name)) return false;
  return true;
}

export function sameFilters(a: Filters, b: Filters): boolean {
  return FILTER_KEYS.every((key) => a[key] === b[key]);
}

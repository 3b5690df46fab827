// Sentences for failing tests: what was expected, and what arrived instead.
// "expected member_added on presence-room-1 within 2000 ms; got: channel_occupied presence-room-1,
//  member_added presence-room-2 (channel differs)"
import type { DecodedEvent, RequestSummary } from '../core/wire.js';
import { isRecord } from './http.js';
import type { EventMatch, NearMiss, RequestMatch } from './types.js';

export type WaitMatch = EventMatch & RequestMatch;

const EVENT_FIELDS = ['name', 'channel', 'event', 'userId'] as const;
const MAX_LISTED = 10;

export function describeExpected(match: WaitMatch): string {
  let text = match.name ?? 'any event';
  if (match.event !== undefined) text += ` ${match.event}`;
  if (match.channel !== undefined) text += ` on ${match.channel}`;
  if (match.userId !== undefined) text += ` for user ${match.userId}`;
  if (match.method !== undefined) text += ` via ${match.method.toUpperCase()}`;
  if (match.signature !== undefined) text += ` with signature ${match.signature}`;
  return text;
}

export function describeEvent(event: DecodedEvent | null, request: RequestSummary | null): string {
  if (!event) return request ? `${request.method} ${request.path} (request ${request.id}, no events)` : 'an unknown arrival';
  let text = event.name;
  if (event.event !== undefined) text += ` ${event.event}`;
  if (event.channel !== undefined) text += ` ${event.channel}`;
  if (event.userId !== undefined) text += ` user ${event.userId}`;
  return text;
}

export function describeNearMisses(misses: readonly NearMiss[]): string {
  if (misses.length === 0) return 'nothing';
  const listed = misses.slice(0, MAX_LISTED).map(describeMiss);
  if (misses.length > MAX_LISTED) listed.push(`and ${misses.length - MAX_LISTED} more`);
  return listed.join(', ');
}

function describeMiss(miss: NearMiss): string {
  const text = describeEvent(miss.event, miss.request);
  // A different event name says everything; the annotation is for the subtle misses.
  if (miss.differs.length === 0 || miss.differs.includes('name')) return text;
  const why = miss.differs.map((field) =>
    field === 'signature' && miss.request ? `signature ${miss.request.signature.status}` : `${label(field)} differs`,
  );
  return `${text} (${why.join(', ')})`;
}

function label(field: string): string {
  return field === 'userId' ? 'user_id' : field;
}

/** Which fields of the wait filter an arrival fails. */
export function differingFields(match: WaitMatch, event: DecodedEvent | null, request: RequestSummary | null): string[] {
  const out: string[] = [];
  for (const field of EVENT_FIELDS) {
    if (match[field] !== undefined && (event === null || event[field] !== match[field])) out.push(field);
  }
  if (match.method !== undefined && request && request.method !== match.method.toUpperCase()) out.push('method');
  if (match.signature !== undefined && request && request.signature.status !== match.signature) out.push('signature');
  return out;
}

/**
 * The server's near misses, whatever their exact shape (`{ event, request }`, a bare event, or a
 * bare request summary), as NearMiss with the differing fields worked out here.
 */
export function normalizeNearMisses(raw: unknown, match: WaitMatch): NearMiss[] {
  if (!Array.isArray(raw)) return [];
  return raw.filter(isRecord).map((item) => {
    const event = pickEvent(item);
    const request = pickRequest(item);
    const given = Array.isArray(item.differs) ? item.differs.filter((d): d is string => typeof d === 'string') : [];
    const differs = given.length > 0 ? given : differingFields(match, event, request);
    return { event, request, differs };
  });
}

function pickEvent(item: Record<string, unknown>): DecodedEvent | null {
  if (isRecord(item.event) && typeof item.event.name === 'string') return item.event as unknown as DecodedEvent;
  if (typeof item.name === 'string' && 'requestId' in item) return item as unknown as DecodedEvent;
  return null;
}

function pickRequest(item: Record<string, unknown>): RequestSummary | null {
  if (isRecord(item.request) && isRecord(item.request.signature)) return item.request as unknown as RequestSummary;
  if (typeof item.method === 'string' && isRecord(item.signature)) return item as unknown as RequestSummary;
  return null;
}

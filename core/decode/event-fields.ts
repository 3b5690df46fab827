// Field helpers shared by the event decoders: reading loosely typed JSON objects into the
// DecodedEvent shape without ever throwing.
import { mayBeJson, parseJsonText } from './json-safe.js';
import type { DecodedEventDraft } from './types.js';

export type JsonObject = Record<string, unknown>;

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function hasOwn(o: JsonObject, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(o, key);
}

export function stringField(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** User ids are strings on the wire (formats.md §1.1), but some senders use numbers: stringify them. */
export function idField(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  return typeof v === 'number' && Number.isFinite(v) ? String(v) : undefined;
}

/**
 * Epoch milliseconds from a `time_ms` / `timestamp` value. Below 1e11 it is seconds: pusher-fake
 * and ipe send `Time.now.to_i` / `time.Now().Unix()` as time_ms (formats.md §5, §6 item 5).
 */
export function normalizeTime(v: unknown): number | undefined {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) return undefined;
  return v < 1e11 ? Math.round(v * 1000) : v;
}

/**
 * `data` for display: a string holding JSON is parsed (Pusher and pusher-fake send client_event
 * data as a JSON string, formats.md §1.1); any other value, or a string that is not JSON (soketi
 * passes a client's plain string through, §2.1), is kept as sent. `raw.data` always keeps the string.
 */
export function dataField(v: unknown): unknown {
  if (typeof v !== 'string' || !mayBeJson(v)) return v;
  const parsed = parseJsonText(v);
  return parsed.ok ? parsed.value : v;
}

export interface EventParts {
  index: number;
  name: string;
  channel?: unknown;
  event?: unknown;
  userId?: unknown;
  socketId?: unknown;
  /** Present when the event carries a data member (even `null`). */
  data?: { value: unknown };
  time?: number;
  raw: unknown;
}

/** The draft with absent fields left out (not set to undefined), so it serialises compactly. */
export function makeEvent(p: EventParts): DecodedEventDraft {
  const e: DecodedEventDraft = { index: p.index, name: p.name, raw: p.raw };
  const channel = stringField(p.channel);
  const event = stringField(p.event);
  const userId = idField(p.userId);
  const socketId = stringField(p.socketId);
  if (channel !== undefined) e.channel = channel;
  if (event !== undefined) e.event = event;
  if (userId !== undefined) e.userId = userId;
  if (socketId !== undefined) e.socketId = socketId;
  if (p.data) e.data = dataField(p.data.value);
  if (p.time !== undefined) e.time = p.time;
  return e;
}

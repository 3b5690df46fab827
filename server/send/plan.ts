// Emissions -> webhook requests, as each server groups them (formats.md 1.1, 2.5, 3.4). Pure.
import type { Batching, Emission, PlannedWebhook, SendFormat } from './types.js';

export interface PlanOptions {
  batch: boolean;
  /** Epoch ms of t = 0. */
  base: number;
  /** The event types the app subscribed to (undefined: all). */
  eventTypes?: readonly string[];
}

const stamp = (e: Emission, base: number): number => e.timeMs ?? base + e.at;

function webhook(at: number, timeMs: number, events: Emission[]): PlannedWebhook {
  return { at, timeMs, events: events.map((e) => e.event), names: events.map((e) => e.name) };
}

/** The batch's time_ms: at flush (the latest `timeMs` a user fixed, if any), or the earliest event's. */
function batchTime(b: Batching, events: Emission[], flushAt: number, base: number): number {
  if (b.time === 'earliest') return Math.min(...events.map((e) => stamp(e, base)));
  const fixed = events.filter((e) => e.timeMs !== undefined).map((e) => e.timeMs as number);
  return fixed.length > 0 ? Math.max(...fixed) : base + flushAt;
}

/** soketi, Pusher: the first event arms a timer of `windowMs`; the batch also closes at `maxEvents`. */
function firstEventWindows(b: Batching, emissions: Emission[], base: number): PlannedWebhook[] {
  const out: PlannedWebhook[] = [];
  let open: { until: number; events: Emission[] } | null = null;
  const flush = (at: number): void => {
    if (open) out.push(webhook(at, batchTime(b, open.events, at, base), open.events));
    open = null;
  };
  for (const e of emissions) {
    if (open && e.at >= open.until) flush(open.until);
    open ??= { until: e.at + b.windowMs, events: [] };
    open.events.push(e);
    if (open.events.length >= b.maxEvents) flush(e.at);
  }
  if (open) flush((open as { until: number }).until);
  return out;
}

/** sockudo: a tick every `windowMs` drains up to `maxEvents` (sooner once that many wait). */
function intervalWindows(b: Batching, emissions: Emission[], base: number): PlannedWebhook[] {
  const out: PlannedWebhook[] = [];
  const tickAfter = (t: number): number => (Math.floor(t / b.windowMs) + 1) * b.windowMs;
  let buffer: Emission[] = [];
  const drain = (at: number): void => {
    for (; buffer.length > 0; buffer = buffer.slice(b.maxEvents)) {
      const chunk = buffer.slice(0, b.maxEvents);
      out.push(webhook(at, batchTime(b, chunk, at, base), chunk));
    }
  };
  for (const e of emissions) {
    // Everything buffered arrived before the same tick.
    if (buffer.length > 0 && tickAfter(buffer[0].at) <= e.at) drain(tickAfter(buffer[0].at));
    buffer.push(e);
    if (buffer.length >= b.maxEvents) drain(e.at);
  }
  if (buffer.length > 0) drain(tickAfter(buffer[0].at));
  return out;
}

/**
 * `eventTypes` is what the one endpoint subscribed to: the servers do not even queue other types for it
 * (soketi's has*Webhooks flags, app.ts L203-L208; Pusher's per-app webhook toggles), so they are dropped
 * before batching. (soketi's filter bug, formats.md 2.4, needs two endpoints with different types.)
 */
export function planWebhooks(format: SendFormat, emissions: Emission[], o: PlanOptions): PlannedWebhook[] {
  const types = o.eventTypes;
  const sorted = emissions.filter((e) => types === undefined || types.includes(e.name)).sort((a, b) => a.at - b.at);
  const b = format.batching;
  if (!o.batch || b === null) return sorted.map((e) => webhook(e.at, stamp(e, o.base), [e]));
  return b.window === 'interval' ? intervalWindows(b, sorted, o.base) : firstEventWindows(b, sorted, o.base);
}

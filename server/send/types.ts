// The contract every broadcast-server writer implements (one file per server in formats/, one line in
// formats/index.ts), and the shapes that flow between scenario expansion, batching and delivery.
import type { DeliveryResult } from '../replay/outbound.js';
import type { ScenarioStep, SendEvent, SendServer } from '../../core/send.js';

/** A webhook event object as it goes on the wire: its keys are already in the server's order. */
export type WireEvent = Record<string, unknown>;

/** One event the server emits, `at` ms after the send started. */
export interface Emission {
  at: number;
  event: WireEvent;
  /** Webhook event name, for filters and the report (`name`, or ts-broadcasting's `event`). */
  name: string;
  /** Epoch ms the user fixed for this event (`timeMs`). */
  timeMs?: number;
}

/** One webhook request to send: `at` ms after the start, with the `time_ms` / `timestamp` it carries. */
export interface PlannedWebhook {
  at: number;
  timeMs: number;
  events: WireEvent[];
  names: string[];
}

export interface Credentials {
  key: string;
  secret: string;
}

/** Randomness and time, injected so tests are deterministic and never wait for real. */
export interface SendClock {
  /** Epoch ms. */
  now(): number;
  /** Waits `ms` of server time (tests scale it down). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** [0, 1), for socket ids and retry jitter. */
  random(): number;
  /** Real ms per server ms (default 1); `now()` differences are divided by it to get server time. */
  scale?: number;
}

export interface RetryPolicy {
  /** Retries after the first attempt when the request does not say (`null`: until the time budget runs out). */
  defaultRetries: number | null;
  /** Whether this outcome is retried at all. */
  retryable(result: DeliveryResult): boolean;
  /**
   * Wait before retry `n` (1-based) when `elapsedMs` of server time passed since the first attempt,
   * or null when the server would give up (its time budget).
   */
  delayMs(n: number, elapsedMs: number, random: () => number): number | null;
}

export interface Batching {
  /** sockudo batches unless told otherwise; Pusher and soketi only when the app enables it. */
  byDefault: boolean;
  windowMs: number;
  /** Most events in one request (Infinity: no cap). */
  maxEvents: number;
  /** 'first-event': the first event arms a timer (soketi, Pusher); 'interval': a fixed tick drains the buffer (sockudo). */
  window: 'first-event' | 'interval';
  /** `time_ms` of a batch: taken at flush (soketi, Pusher) or the earliest of its events (sockudo). */
  time: 'flush' | 'earliest';
}

export interface HeaderContext {
  /** The target URL (Host). */
  url: URL;
  creds: Credentials;
  /** The user's extra headers, in the order given. */
  custom: [string, string][];
  /** Process id for soketi's User-Agent. */
  pid: number;
}

export interface IdSource {
  /** A socket id in this server's format. */
  socketId(): string;
}

export interface SendFormat {
  id: SendServer;
  /** Pusher-protocol servers put every event in `{time_ms, events}`; ts-broadcasting sends one object per event. */
  protocol: 'pusher' | 'ts-broadcasting';
  /** The user's event written as this server writes it; throws HttpError 400 for what it never sends. */
  wireEvent(event: SendEvent, ids: IdSource): WireEvent;
  /** The exact body of one request. */
  body(webhook: PlannedWebhook, creds: Credentials): string;
  /** Flat [name, value, ...] headers in this server's order and case, Host and Content-Length included. */
  headers(body: string, ctx: HeaderContext): string[];
  batching: Batching | null;
  retry: RetryPolicy;
  /** Per-attempt timeout of this server's HTTP client (null: none; hookscope then bounds it). */
  timeoutMs: number | null;
  ids(random: () => number): IdSource;
  /** The webhooks this server emits for client actions. */
  scenario(steps: readonly ScenarioStep[], ids: IdSource, base: number): Emission[];
}

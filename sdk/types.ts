// Inputs and results of the test client. Wire shapes come from core/wire.ts (type-only imports, so
// the built client has no runtime dependency outside sdk/).
import type { Bin, DecodedEvent, RequestSummary, ResponseSettings, SignatureStatus } from '../core/wire.js';

export type { PusherSendEvent, Scenario, ScenarioStep, SendDelivery, SendEvent, SendInput, SendResult, SendServer, TsBroadcastingSendEvent } from '../core/send.js';
export type { AnomalyKind, ChannelAnomaly, ChannelDetail, ChannelFilter, ChannelMember, ChannelSummary, ChannelType, DeliveryTiming, TimelineEntry } from '../core/wire.js';
export type { Bin, DecodedEvent, RequestDetail, RequestSummary, ResponseSettings, ResponseStep, SignatureStatus, SignatureVerdict } from '../core/wire.js';

/** Body of POST /api/bins and PATCH /api/bins/:bin. */
export interface BinOptions {
  /** A readable, stable id (`[a-z0-9][a-z0-9_-]{0,62}`); random and unguessable when absent. */
  name?: string;
  /** Pusher app credentials (several for key rotation). */
  pusher?: { key: string; secret: string }[];
  /** ts-broadcasting webhook secret. */
  secret?: string | null;
  maxRequests?: number;
  /** Milliseconds, or a duration such as `'2h'`. */
  ttl?: number | string;
  response?: ResponseSettings | null;
  /** Forward every request to `url` after it is stored; `mode: 'passthrough'` relays it and answers the sender with the app's answer. */
  forward?: { url: string; mode?: 'async' | 'passthrough'; timeoutMs?: number } | null;
}

export type BinPatch = Omit<BinOptions, 'name'>;

/** Exact-match filter on decoded events. `name` is the webhook event, `event` a client event's own name. */
export interface EventMatch {
  name?: string;
  channel?: string;
  event?: string;
  userId?: string;
}

/** Filters on the request that carried the event. */
export interface RequestMatch {
  method?: string;
  signature?: SignatureStatus;
}

/**
 * Where a wait starts. A number is a request id (every event of later requests), `'id:index'` an
 * event position, `'now'` the newest request stored when the call starts, 0 everything stored.
 */
export type After = number | `${number}:${number}` | 'now';

export interface WaitOptions {
  /** Milliseconds (default 10000). Longer waits are split into several server waits of at most 60 s. */
  timeout?: number;
  /** Default: the bin's cursor (see README: "a wait sees every event that arrived after the previous wait's match"). */
  after?: After;
  /** Only events whose request's signature verdict has this status ('valid', 'invalid', ...). */
  signature?: SignatureStatus;
  /** Only events carried by requests with this HTTP method. */
  method?: string;
  /** Cancels the wait; the promise rejects with the signal's reason. */
  signal?: AbortSignal;
}

export interface ExpectNoEventOptions extends Omit<WaitOptions, 'timeout'> {
  /** How long nothing matching may arrive, in milliseconds. */
  within: number;
}

/** A decoded event and a summary of the request that carried it (waitForEvent, events()). */
export type CapturedEvent = DecodedEvent & {
  /** The carrying request, with its signature verdict (`request.signature.status === 'valid'`). */
  request: RequestSummary;
};

/** What waitForEvent resolves. */
export type WaitedEvent = CapturedEvent;

/** A request-level wait filter: method, signature, and optionally what one of its events must be. */
export type RequestWaitMatch = RequestMatch & EventMatch;

export interface RequestFilter extends EventMatch, RequestMatch {
  /** Only requests with a larger id (cursor paging, newest first). */
  after?: number;
  before?: number;
  limit?: number;
  /** Free-text search in the body. */
  q?: string;
}

export interface EventFilter extends EventMatch {
  /** A request id or an event position `'requestId:index'`. */
  after?: number | string;
  before?: number | string;
  limit?: number;
}

/** One event that arrived during a failed wait but did not match, and which fields differ. */
export interface NearMiss {
  event: DecodedEvent | null;
  request: RequestSummary | null;
  /** Filter fields this arrival did not satisfy: 'name', 'channel', 'event', 'userId', 'method', 'signature'. */
  differs: string[];
}

export type BinInfo = Bin & Record<string, unknown>;

export interface ChannelOptions {
  /** A request id: the channel's state as of that request (time travel over the stored requests). */
  at?: number;
}

export interface WaitForChannelOptions {
  occupied?: boolean;
  /** The exact set of user ids that must be present (`[]`: nobody), in any order. */
  members?: string[];
  /** Milliseconds (default 10000). */
  timeout?: number;
  signal?: AbortSignal;
}

export interface WaitForEventsOptions extends Omit<WaitOptions, 'timeout'> {
  /** How many matching events, the first ones in arrival order. */
  count: number;
  /** For all of them, in milliseconds (default 10000). */
  timeout?: number;
}

export interface ExpectSequenceOptions extends Omit<WaitOptions, 'timeout'> {
  /** The whole sequence must arrive within this many milliseconds (default 10000). */
  within?: number;
  /** The matches must arrive in the order given; other events may come between. Only `true` is supported. */
  ordered?: true;
}

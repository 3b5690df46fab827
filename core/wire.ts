// Wire types shared by the server, the viewer and the test client.
// Isomorphic: no node:*, no DOM, imports nothing outside core/.
import type { ChannelSummary } from './channels/types.js';

export type {
  AnomalyKind, ChannelAnomaly, ChannelDetail, ChannelFilter, ChannelList, ChannelMember, ChannelSummary, ChannelType, DeliveryTiming, Percentiles, TimelineEntry,
} from './channels/types.js';

/** Which signature scheme produced a verdict. */
export type SignatureScheme = 'pusher' | 'ts-broadcasting';

export type SignatureStatus = 'valid' | 'invalid' | 'unsigned' | 'no_secret';

/**
 * Why a verdict is what it is. `uppercase_hex` may accompany a valid match (a warning: Pusher's Node and
 * Ruby libraries reject it); the others explain an invalid or unsigned one. A content type other than
 * exactly application/json is reported in `warnings` only.
 */
export type SignatureReason =
  | 'unknown_key'
  | 'mismatch'
  | 'malformed'
  | 'uppercase_hex'
  | 'missing_key'
  | 'missing_signature';

export interface SignatureVerdict {
  scheme: SignatureScheme | null;
  status: SignatureStatus;
  /** The key that selected the secret (Pusher `X-Pusher-Key`). */
  key?: string;
  /** The main reason for an invalid verdict. */
  reason?: SignatureReason;
  /** Human-readable warnings that do not change the status (uppercase hex, content type). */
  warnings?: string[];
  /** Lowercase hex digest hookscope computed (only when a secret was available). */
  expected?: string;
  /** The digest the sender sent. */
  received?: string;
  /** A sentence a person can read. */
  message?: string;
}

/** What the bin answered to a captured request. */
export interface ResponseRecord {
  status: number;
  /** Index of the script step that produced it, when a script was active. */
  step?: number;
  /** True when the connection was dropped without an answer. */
  dropped?: boolean;
  delayMs?: number;
  /**
   * Relayed to the bin's passthrough URL: `status` is what the sender was answered (the app's status, or
   * 502 / 504), 0 while the app has not answered yet.
   */
  passthrough?: true;
}

/** What forwarding did with a request (GET /api/bins/:bin/requests/:id `forwarded`). */
export interface ForwardRecord {
  url: string;
  /** 'passthrough': relayed before the sender was answered; absent: sent on after the answer. */
  mode?: 'passthrough';
  /** The app's status, or null when no answer came. */
  status: number | null;
  durationMs: number | null;
  error: string | null;
  /** Epoch ms when the result was recorded. */
  at: number;
  /** Passthrough: the app's answer as it came (headers in order, body as text or base64). */
  response?: { rawHeaders: string[]; body: string; bodyEncoding: 'utf8' | 'base64' };
}

/** Everything a list row needs, not the body. */
export interface RequestSummary {
  id: number;
  bin: string;
  method: string;
  path: string;
  query: string;
  size: number;
  contentType: string | null;
  receivedAt: number;
  truncated: boolean;
  remoteAddress: string | null;
  signature: SignatureVerdict;
  decoder: string | null;
  eventCount: number;
  eventNames: string[];
  response: ResponseRecord | null;
  /** Id of the first request of a retry group (same bin, method, path, body and signature within 10 min); absent on the first. */
  retryOf?: number;
  /** 1 for an original, 2, 3, ... for the sender's retries of the same body. */
  attempt?: number;
}

/** A full captured request. */
export interface RequestDetail extends RequestSummary {
  /** Flat [name, value, name, value, ...] in arrival order, original case, duplicates kept. */
  rawHeaders: string[];
  /** The body as UTF-8 text when valid UTF-8, else base64. */
  body: string;
  bodyEncoding: 'utf8' | 'base64';
  events: DecodedEvent[];
  /** What forwarding did with it; null when the bin does not forward. */
  forwarded?: ForwardRecord | null;
}

/** One decoded webhook event inside a request. */
export interface DecodedEvent {
  requestId: number;
  index: number;
  /** Webhook event name: `channel_occupied`, `member_added`, `client_event`, ... */
  name: string;
  channel?: string;
  /** A client event's own name (`client-typing`). */
  event?: string;
  userId?: string;
  socketId?: string;
  /** `data` parsed when it was a JSON string; otherwise the value as sent. */
  data?: unknown;
  /** Epoch milliseconds. */
  time?: number;
  /** The event object exactly as sent. */
  raw: unknown;
}

export interface BinCredentialsView {
  key: string;
  /** Masked: all but the last 4 characters replaced. */
  secret: string;
}

export interface Bin {
  id: string;
  name: string | null;
  url: string;
  viewerUrl: string;
  createdAt: number;
  lastActivityAt: number;
  requestCount: number;
  maxRequests: number;
  ttl: number;
  pusher: BinCredentialsView[];
  /** Masked ts-broadcasting secret, or null. */
  secret: string | null;
}

export interface ApiError {
  error: { code: string; message: string };
}

/** One answer a bin gives (PATCH /api/bins/:bin `response.script[]`); see server/respond/README.md. */
export interface ResponseStep {
  status?: number;
  headers?: Record<string, string>;
  body?: string;
  contentType?: string;
  delayMs?: number;
  /** How many deliveries this step answers (default 1). */
  times?: number;
  /** Close the connection without answering. */
  drop?: boolean;
}

/** A bin's response settings: `script` steps first, in order, then the plain settings. */
export interface ResponseSettings extends Omit<ResponseStep, 'times'> {
  script?: ResponseStep[];
}

/** Messages of the live socket GET /api/bins/:bin/live (server/live/README.md). */
export type LiveMessage =
  | { type: 'hello'; bin: string; lastId: number }
  | { type: 'requests'; requests: RequestSummary[] }
  | { type: 'deleted'; id: number }
  | { type: 'cleared' }
  | { type: 'pruned'; upTo: number }
  | { type: 'bin'; bin: Bin }
  | { type: 'bin_deleted' }
  /** A passthrough request's final answer, once the app answered (or did not): patch the row. */
  | { type: 'answered'; id: number; response: ResponseRecord }
  /** After a commit that changed channels (server/channels): their new state. */
  | { type: 'channels'; changed: ChannelSummary[] };

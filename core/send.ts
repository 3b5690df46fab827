// Wire shapes of POST /api/send (issue 17): hookscope plays a broadcast server and sends its webhooks
// to your app. Shared by the server, the viewer's send form and the test client. Isomorphic.

/** The broadcast servers hookscope can play. */
export type SendServer = 'pusher' | 'soketi' | 'sockudo' | 'ts-broadcasting';

/**
 * A Pusher-protocol webhook event as a person thinks of it; hookscope writes it the way the chosen
 * server does (key order, `user_id`, `data` as a JSON string for Pusher or the raw value otherwise).
 */
export interface PusherSendEvent {
  /** channel_occupied, channel_vacated, member_added, member_removed, client_event, cache_miss, ... */
  name: string;
  channel: string;
  userId?: string;
  /** A client event's own name (`client-typing`). */
  event?: string;
  data?: unknown;
  socketId?: string;
  /** sockudo's member_updated. */
  userInfo?: unknown;
  /** subscription_count (Pusher, sockudo). */
  subscriptionCount?: number;
  /** When it happened (epoch ms); default: when it is sent. */
  timeMs?: number;
}

/** A ts-broadcasting webhook: `{ event: "subscribe", data: {...} }`. */
export interface TsBroadcastingSendEvent {
  event: string;
  data?: unknown;
  timeMs?: number;
}

export type SendEvent = PusherSendEvent | TsBroadcastingSendEvent;

/** One client action of a scenario; each expands into the webhooks that server would send for it. */
export type ScenarioStep =
  | { join: { channel: string; userId: string; userInfo?: unknown } }
  | { leave: { channel: string; userId: string } }
  | { clientEvent: { channel: string; event: string; data?: unknown; userId?: string } }
  | { subscribe: { channel: string } }
  | { unsubscribe: { channel: string } }
  | { waitMs: number };

export interface Scenario {
  as?: SendServer;
  key?: string;
  secret?: string;
  batch?: boolean;
  /** The webhook event types the app subscribed to (the server's `event_types`); default: all. */
  eventTypes?: string[];
  steps: ScenarioStep[];
}

/** Body of POST /api/send. */
export interface SendInput {
  /** The app's webhook URL. */
  to: string;
  as?: SendServer;
  /** Pusher app key (X-Pusher-Key); not used by ts-broadcasting. */
  key?: string;
  secret?: string;
  /** Sign with this bin's stored credentials where key / secret are not given (they stay on the server). */
  bin?: string;
  events?: SendEvent[];
  scenario?: Scenario;
  /** One request for the events of a batching window; default: what the server does by default. */
  batch?: boolean;
  /** Extra headers, placed where that server places its configured custom headers. */
  headers?: Record<string, string>;
  /** Retries after a failed attempt; default: the server's own schedule. */
  retries?: number;
}

export interface SendDelivery {
  /** Which webhook (0-based, in the order the server sends them). */
  index: number;
  /** 1 for the first try, 2, 3, ... for retries. */
  attempt: number;
  /** The app's status, or null when no answer came. */
  status: number | null;
  durationMs: number;
  /** Why there is no status (connection refused, timeout, ...). */
  error?: string;
  /** Epoch ms when the attempt started. */
  sentAt: number;
  /** Webhook event names in this request. */
  events: string[];
  request: { method: string; url: string; rawHeaders: string[]; body: string };
  response: { rawHeaders: string[]; body: string; bodyEncoding: 'utf8' | 'base64' } | null;
}

export interface SendResult {
  deliveries: SendDelivery[];
}

/** What each server can send, for pickers and validation. */
export const sendCatalog: Record<SendServer, { label: string; events: readonly string[]; batchByDefault: boolean; batches: boolean }> = {
  pusher: {
    label: 'Pusher Channels',
    events: ['channel_occupied', 'channel_vacated', 'member_added', 'member_removed', 'client_event', 'cache_miss', 'subscription_count'],
    batchByDefault: false,
    batches: true,
  },
  soketi: {
    label: 'soketi 1.x',
    events: ['channel_occupied', 'channel_vacated', 'member_added', 'member_removed', 'client_event', 'cache_miss'],
    batchByDefault: false,
    batches: true,
  },
  sockudo: {
    label: 'sockudo',
    events: ['channel_occupied', 'channel_vacated', 'member_added', 'member_removed', 'member_updated', 'client_event', 'cache_miss', 'subscription_count'],
    batchByDefault: true,
    batches: true,
  },
  'ts-broadcasting': {
    label: 'ts-broadcasting',
    events: ['connection', 'disconnection', 'subscribe', 'unsubscribe', 'broadcast', 'presence_join', 'presence_leave', 'client_event'],
    batchByDefault: false,
    batches: false,
  },
};

export const sendServers = Object.keys(sendCatalog) as SendServer[];

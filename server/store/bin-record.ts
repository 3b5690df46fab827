// A bin as the store keeps it (the wire view with masked secrets is server/bin-service.ts binView).
import type { ResponseSettings } from '../../core/wire.js';

export interface PusherCredential {
  key: string;
  secret: string;
}

/** Wire shapes of a bin's response settings (core/wire.ts). */
export type { ResponseSettings, ResponseStep as ScriptStep } from '../../core/wire.js';

export interface BinSettings {
  pusher: PusherCredential[];
  secret: string | null;
  response: ResponseSettings | null;
  forward: ForwardSettings | null;
}

export interface ForwardSettings {
  url: string;
  /** 'passthrough': relay before answering, answer with the app's answer (server/forward/passthrough.ts). */
  mode?: 'async' | 'passthrough';
  /** Passthrough: how long the app may take (default 10 s); then 504 upstream_timeout. */
  timeoutMs?: number;
}

export interface BinRecord {
  id: string;
  named: boolean;
  createdAt: number;
  lastActivityAt: number;
  /** Kept exact by the store's writer (and by every delete, clear and prune). */
  requestCount: number;
  maxRequests: number | null;
  ttlMs: number | null;
  settings: BinSettings;
}

export const emptySettings = (): BinSettings => ({ pusher: [], secret: null, response: null, forward: null });

/** Settings as stored (a JSON text column): unknown or missing keys fall back to the defaults. */
export function parseSettings(text: string): BinSettings {
  return { ...emptySettings(), ...(JSON.parse(text) as Partial<BinSettings>) };
}

// Inputs of the channel fold: decoded events (core/decode) of one stored request at a time.
import type { DecodedEvent } from '../wire.js';

/** A decoded event; its position in the request's batch is `index`. */
export type FoldEvent = Omit<DecodedEvent, 'requestId'>;

/** One stored request, as the fold needs it: applied in id order, its events in array order. */
export interface FoldRequest {
  id: number;
  receivedAt: number;
  /** 2, 3, ... for a sender's retry of the same body (server/respond/retries.ts); such a body is applied once. */
  attempt?: number;
  /** The retry group's first request. */
  retryOf?: number;
  events: readonly FoldEvent[];
}

export interface FoldLimits {
  /** Timeline entries kept per channel. */
  timeline: number;
  /** Anomalies kept per channel. */
  anomalies: number;
  /** Channels kept per fold; beyond, the least recently active unoccupied ones are forgotten. */
  channels: number;
  /** ts-broadcasting sockets remembered (a connection whose disconnection never came). */
  sockets: number;
}

export const defaultFoldLimits: FoldLimits = { timeline: 500, anomalies: 100, channels: 2000, sockets: 50_000 };

// The channel state's only access to storage: requests of a bin in id order with their decoded
// events, N at a time, through the store contract (ctx.store.requests, server/store/contract.ts).
import type { FoldRequest } from '../../core/channels/index.js';
import type { Context } from '../context.js';
import { decodeEvents, indexLimit } from '../events/decode-body.js';
import type { StoredRequest } from '../store/index.js';

/** One delivery as the timing figures need it. */
export interface Delivery {
  id: number;
  receivedAt: number;
  events: number;
  attempt: number;
  retryOf?: number;
  /** The first event's time (epoch ms), when the sender gave one. */
  time?: number;
  rawHeaders: string[];
}

export type StoredRequests = ReturnType<typeof createStoredRequests>;

export function createStoredRequests(ctx: Pick<Context, 'store' | 'config'>) {
  const limit = indexLimit(ctx.config.maxBody);
  const requests = ctx.store.requests;

  const eventsOf = (r: StoredRequest): FoldRequest['events'] =>
    decodeEvents({ body: r.body, contentType: r.summary.contentType, rawHeaders: r.rawHeaders }, limit).events;

  const foldRequest = (r: StoredRequest): FoldRequest => ({
    id: r.summary.id,
    receivedAt: r.summary.receivedAt,
    ...(r.summary.attempt !== undefined && { attempt: r.summary.attempt }),
    ...(r.summary.retryOf !== undefined && { retryOf: r.summary.retryOf }),
    events: r.summary.eventCount > 0 ? eventsOf(r) : [],
  });

  return {
    /**
     * Up to `max` requests that carried events with after < id <= upTo, oldest first, decoded (the
     * others change no channel; their bodies, up to --max-body each, are never read).
     */
    async page(binId: string, after: number, max: number, upTo?: number): Promise<FoldRequest[]> {
      const rows = await requests.query(binId, { after, ...(upTo !== undefined && { before: upTo + 1 }), withEvents: true, order: 'asc', limit: max });
      return rows.map(foldRequest);
    },
    /** The stored requests among `ids` (one commit's, that carried events: a handful), decoded, keyed by id. */
    async byIds(binId: string, ids: readonly number[]): Promise<Map<number, FoldRequest>> {
      const out = new Map<number, FoldRequest>();
      for (const id of ids) {
        const stored = await requests.get(binId, id);
        if (stored) out.set(id, foldRequest(stored));
      }
      return out;
    },
    /** The newest `max` requests that carried events, oldest first. */
    async recentDeliveries(binId: string, max: number): Promise<Delivery[]> {
      const rows = await requests.query(binId, { withEvents: true, order: 'desc', limit: max });
      return rows.reverse().map((r) => {
        const s = r.summary;
        const d: Delivery = { id: s.id, receivedAt: s.receivedAt, events: s.eventCount, attempt: s.attempt ?? 1, rawHeaders: r.rawHeaders };
        if (s.retryOf !== undefined) d.retryOf = s.retryOf;
        const time = eventsOf(r).find((e) => e.time !== undefined)?.time;
        if (time !== undefined) d.time = time;
        return d;
      });
    },
  };
}

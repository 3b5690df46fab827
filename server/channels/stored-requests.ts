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
    r.summary.eventCount === 0 ? [] : decodeEvents({ body: r.body, contentType: r.summary.contentType, rawHeaders: r.rawHeaders }, limit).events;

  const foldRequest = (r: StoredRequest): FoldRequest => ({
    id: r.summary.id,
    receivedAt: r.summary.receivedAt,
    ...(r.summary.attempt !== undefined && { attempt: r.summary.attempt }),
    ...(r.summary.retryOf !== undefined && { retryOf: r.summary.retryOf }),
    events: eventsOf(r),
  });

  return {
    /** Up to `max` requests with after < id <= upTo, oldest first, decoded. */
    async page(binId: string, after: number, max: number, upTo?: number): Promise<FoldRequest[]> {
      const rows = await requests.query(binId, { after, ...(upTo !== undefined && { before: upTo + 1 }), order: 'asc', limit: max });
      return rows.map(foldRequest);
    },
    /**
     * The stored requests among `ids` (one commit's, so nothing else of the bin lies between the
     * lowest and the highest: ids rise in commit order within a bin), decoded, keyed by id.
     */
    async byIds(binId: string, ids: readonly number[]): Promise<Map<number, FoldRequest>> {
      const out = new Map<number, FoldRequest>();
      if (ids.length === 0) return out;
      const wanted = new Set(ids);
      const lo = Math.min(...ids);
      const hi = Math.max(...ids);
      const rows = await requests.query(binId, { after: lo - 1, before: hi + 1, order: 'asc', limit: Math.max(ids.length, hi - lo + 1) });
      for (const r of rows) if (wanted.has(r.summary.id)) out.set(r.summary.id, foldRequest(r));
      return out;
    },
    /** Of the newest `max` requests, those that carried events, oldest first. */
    async recentDeliveries(binId: string, max: number): Promise<Delivery[]> {
      const rows = await requests.query(binId, { order: 'desc', limit: max });
      return rows.reverse().filter((r) => r.summary.eventCount > 0).map((r) => {
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

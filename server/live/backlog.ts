// Reading what a reconnecting client missed, oldest first.
import type { RequestSummary } from '../../core/wire.js';
import type { RequestStore } from '../store/index.js';

export type Backlog = ReturnType<typeof createBacklog>;

export function createBacklog(requests: RequestStore) {
  return {
    /** Highest stored request id of the bin, 0 when it has none. */
    head: (binId: string): Promise<number> => requests.head(binId),
    /** Up to `limit` summaries with after < id <= upTo, ascending. */
    page: (binId: string, after: number, upTo: number, limit: number): Promise<RequestSummary[]> =>
      requests.summaries(binId, { after, before: upTo + 1, order: 'asc', limit }),
  };
}

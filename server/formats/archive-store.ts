// Every store call export and import make, in one place (the store contract, server/store/contract.ts):
// pages of whole requests in id order for an export, and group-commit writes for an import, with
// the rows of a failed import removed again.
import type { Context } from '../context.js';
import type { NewRequest, StoredRequest } from '../store/index.js';

/** Whole requests per page: bodies are read with their rows, so a page is what an export holds at once. */
export const EXPORT_PAGE = 200;

/** The bin's requests with after < id < before, oldest first, one page at a time. */
export async function* requestPages(ctx: Context, binId: string, range: { after?: number; before?: number }): AsyncGenerator<StoredRequest[]> {
  // The end is fixed when the export starts: requests arriving meanwhile are not chased.
  const before = range.before ?? (await ctx.store.requests.head(binId)) + 1;
  let after = range.after ?? 0;
  for (;;) {
    const page = await ctx.store.requests.query(binId, { after, before, order: 'asc', limit: EXPORT_PAGE });
    if (page.length > 0) yield page;
    if (page.length < EXPORT_PAGE) return;
    after = page[page.length - 1].summary.id;
  }
}

/** Queues one row for the next group commit; resolves with its id once committed. */
export function writeRequest(ctx: Context, row: NewRequest): Promise<number> {
  return new Promise((resolve, reject) => {
    ctx.store.writer.write(row, (err, summary) => (err || !summary ? reject(err ?? new Error('not stored')) : resolve(summary.id)));
  });
}

/** Removes what a failed import had already committed: a failed import leaves the bin as it was. */
export async function removeRequests(ctx: Context, binId: string, ids: readonly number[]): Promise<void> {
  for (const id of ids) await ctx.store.requests.remove(binId, id);
}

// GET /api/bins/:bin/export: the bin as a HAR 1.2 document or NDJSON, streamed. A pull stream reads
// one page of requests when the client has taken the previous one (node-server writes with
// backpressure), so a bin of any size is exported in bounded memory.
import type { Context } from '../context.js';
import type { BinRecord } from '../store/index.js';
import { packageVersion } from '../version.js';
import { requestPages } from './archive-store.js';
import { HAR_TAIL, harEntry, harHead } from './har.js';
import { ndjsonLine } from './ndjson.js';

export type ExportFormat = 'har' | 'ndjson';

export interface ExportOptions {
  format: ExportFormat;
  after?: number;
  before?: number;
  /** Base of the URLs in HAR entries (where the bin was reached). */
  base: string;
}

export function exportStream(ctx: Context, bin: BinRecord, o: ExportOptions): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const pages = requestPages(ctx, bin.id, { after: o.after, before: o.before });
  let started = false;
  let first = true;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started && o.format === 'har') controller.enqueue(encoder.encode(harHead(packageVersion())));
      started = true;
      const next = await pages.next();
      if (next.done) {
        if (o.format === 'har') controller.enqueue(encoder.encode(HAR_TAIL));
        controller.close();
        return;
      }
      let text = '';
      for (const stored of next.value) {
        const events = ctx.deriver.events(stored);
        if (o.format === 'ndjson') text += ndjsonLine(stored, events);
        else {
          text += (first ? '\n' : ',\n') + JSON.stringify(harEntry(stored, events, o.base));
          first = false;
        }
      }
      controller.enqueue(encoder.encode(text));
    },
    async cancel() {
      await pages.return(undefined);
    },
  }, { highWaterMark: 1 });
}

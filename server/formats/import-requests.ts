// POST /api/bins/:bin/import: a HAR or hookscope NDJSON file (detected) into a bin. The whole file
// is read and checked first, so a file that is neither changes nothing; entries that cannot be read are
// skipped and listed; the rest are written through the group-commit writer in file order, each
// verdict and event index derived with the bin's secrets. A write that fails removes what was written.
import type { Context } from '../context.js';
import type { BinRecord } from '../store/index.js';
import { type ArchivedRequest, type ParsedArchive, type Skipped, toNewRequest, UnsupportedImportError } from './archive.js';
import { removeRequests, writeRequest } from './archive-store.js';
import { readHar } from './har.js';
import { readNdjson } from './ndjson.js';

/** Rows queued before waiting for their commit: one group commit's worth (server/store/write-queue.ts). */
const CHUNK = 256;
/** Skipped entries listed in the answer at most (all are counted). */
const MAX_LISTED = 1000;

export const EXPECTED = 'expected a HAR 1.2 file ({ "log": { "entries": [...] } }, as browser devtools and hookscope export it) ' +
  'or hookscope NDJSON (one request per line, as GET /api/bins/:bin/export?format=ndjson writes)';

const utf8 = new TextDecoder('utf-8', { fatal: false });

/** HAR or NDJSON, told apart by content (not by the Content-Type a browser or curl guessed). */
export function parseArchive(bytes: Uint8Array): ParsedArchive {
  const text = utf8.decode(bytes).replace(/^\uFEFF/, '');
  if (text.trimStart().startsWith('{')) {
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch {
      doc = undefined; // several lines of JSON: NDJSON, maybe
    }
    const parsed = (doc !== undefined && readHar(doc)) || readNdjson(text);
    if (parsed) return parsed;
  }
  throw new UnsupportedImportError(EXPECTED);
}

export interface ImportResult {
  format: 'har' | 'ndjson';
  imported: number;
  firstId: number | null;
  lastId: number | null;
  skipped: Skipped[];
  skippedCount: number;
}

/** Writes the requests in file order; a retry keeps pointing at its original when that was imported too. */
async function writeAll(ctx: Context, bin: BinRecord, requests: readonly ArchivedRequest[]): Promise<number[]> {
  const written: number[] = [];
  const newIds = new Map<number, number>();
  let pending: Promise<void>[] = [];
  let pendingSources = new Set<number>();
  let failure: unknown = null;
  const settle = async () => {
    await Promise.all(pending);
    pending = [];
    pendingSources = new Set();
  };
  for (const a of requests) {
    // Its original's new id is known once that commit is done.
    if (pending.length >= CHUNK || (a.retryOf !== undefined && pendingSources.has(a.retryOf))) await settle();
    if (failure !== null) break;
    const row = toNewRequest(a, bin, ctx.deriver, a.retryOf === undefined ? undefined : newIds.get(a.retryOf));
    pending.push(writeRequest(ctx, row).then(
      (id) => {
        written.push(id);
        if (a.sourceId !== undefined) newIds.set(a.sourceId, id);
      },
      (err: unknown) => void (failure ??= err),
    ));
    if (a.sourceId !== undefined) pendingSources.add(a.sourceId);
  }
  await settle();
  if (failure !== null) {
    await removeRequests(ctx, bin.id, written);
    throw failure;
  }
  return written.sort((x, y) => x - y);
}

export async function importArchive(ctx: Context, bin: BinRecord, parsed: ParsedArchive): Promise<ImportResult> {
  const ids = await writeAll(ctx, bin, parsed.requests);
  return {
    format: parsed.format,
    imported: ids.length,
    firstId: ids[0] ?? null,
    lastId: ids.at(-1) ?? null,
    skipped: parsed.skipped.slice(0, MAX_LISTED),
    skippedCount: parsed.skipped.length,
  };
}

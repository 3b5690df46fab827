// A handle on one bin: its URLs, its requests and events, and waits that start where the previous
// wait left off (see cursor.ts).
import type { RequestDetail, RequestSummary } from '../core/wire.js';
import { type BinWaits, createBinWaits } from './bin-waits.js';
import { type BinChannels, createBinChannels } from './channels.js';
import { type Position, createCursor, formatPosition } from './cursor.js';
import { type Http, segment } from './http.js';
import { type BinSequences, createBinSequences } from './sequences.js';
import type { BinInfo, BinPatch, CapturedEvent, EventFilter, RequestFilter } from './types.js';

export interface HookscopeBin extends Omit<BinWaits, 'start'>, BinSequences, BinChannels {
  readonly id: string;
  /** Where senders post: `<base>/h/<id>`. */
  readonly url: string;
  /** The bin in the browser viewer. */
  readonly viewerUrl: string;
  /** Where the next wait starts unless told otherwise (`'42'` = after request 42, `'42:1'` = after its event 1). */
  readonly cursor: string;
  /** The bin's current settings and counters. */
  info(): Promise<BinInfo>;
  /** Captured requests, newest first. */
  requests(filter?: RequestFilter): Promise<RequestSummary[]>;
  /** One request in full: headers in arrival order, body, decoded events, signature verdict. */
  request(id: number): Promise<RequestDetail>;
  /** Decoded events across requests, newest first, each with its request's summary. */
  events(filter?: EventFilter): Promise<CapturedEvent[]>;
  update(patch: BinPatch): Promise<BinInfo>;
  /** Deletes every captured request; the next wait sees everything that arrives after the clear. */
  clear(): Promise<void>;
  delete(): Promise<void>;
  /** Moves the cursor to the newest stored request: later waits only see what arrives from now on. */
  mark(): Promise<void>;
}

export function createBinHandle(http: Http, info: Pick<BinInfo, 'id' | 'url' | 'viewerUrl'>, start: Position): HookscopeBin {
  const path = `/api/bins/${segment(info.id)}`;
  const cursor = createCursor(start);
  const newestId = async (): Promise<number> => {
    const { body } = await http.call<{ requests: RequestSummary[] }>('GET', `${path}/requests`, { query: { limit: 1 } });
    return body.requests[0]?.id ?? 0;
  };
  const { start: waitStart, ...waits } = createBinWaits({ http, binId: info.id, cursor, newestId });
  const events: HookscopeBin['events'] = async (filter = {}) => {
    const query = { ...filter };
    return (await http.call<{ events: CapturedEvent[] }>('GET', `${path}/events`, { query })).body.events;
  };
  return {
    id: info.id,
    url: info.url,
    viewerUrl: info.viewerUrl,
    get cursor() {
      return formatPosition(cursor.get());
    },
    ...waits,
    ...createBinSequences({ waitForEvent: waits.waitForEvent, events, start: waitStart }),
    ...createBinChannels(http, path),
    async info() {
      return (await http.call<BinInfo>('GET', path)).body;
    },
    async requests(filter = {}) {
      const query = { ...filter };
      return (await http.call<{ requests: RequestSummary[] }>('GET', `${path}/requests`, { query })).body.requests;
    },
    async request(id) {
      return (await http.call<RequestDetail>('GET', `${path}/requests/${segment(id)}`)).body;
    },
    events,
    async update(patch) {
      return (await http.call<BinInfo>('PATCH', path, { body: patch })).body;
    },
    async clear() {
      await http.call('DELETE', `${path}/requests`);
      // The bin is empty now: everything stored later is "after the clear".
      cursor.reset({ requestId: 0 });
    },
    async delete() {
      await http.call('DELETE', path);
    },
    async mark() {
      cursor.reset({ requestId: await newestId() });
    },
  };
}

// Fakes of the network for state tests: an in-memory API over a list of summaries, and a live
// connection the test drives by hand.
import type { Bin, ChannelDetail, ChannelSummary, DeliveryTiming, RequestSummary, SignatureStatus } from '../core/wire.js';
import type { Api, ApiResult, RequestQuery, ViewerDetail } from './api.js';
import type { ConnectionState, LiveConnect, LiveHandlers, LiveMessage } from './live.js';

export function summary(id: number, over: Partial<RequestSummary> = {}): RequestSummary {
  return {
    id, bin: 'b', method: 'POST', path: '/h/b', query: '', size: 10, contentType: 'application/json',
    receivedAt: 1_700_000_000_000 + id, truncated: false, remoteAddress: '127.0.0.1',
    signature: { scheme: 'pusher', status: 'no_secret' }, decoder: 'pusher-batch', eventCount: 1,
    eventNames: ['channel_occupied'], response: { status: 200 }, ...over,
  };
}

export function fakeBin(over: Partial<Bin> = {}): Bin {
  return {
    id: 'b', name: 'b', url: 'http://x/h/b', viewerUrl: 'http://x/b/b', createdAt: 0, lastActivityAt: 0,
    requestCount: 0, maxRequests: 1000, ttl: 1000, pusher: [], secret: null, ...over,
  };
}

const ok = <T>(value: T): ApiResult<T> => ({ ok: true, value });

export function createFakeApi(stored: RequestSummary[] = []) {
  const calls: { fn: string; args: unknown[] }[] = [];
  const state = { stored, bin: fakeBin(), status: new Map<number, SignatureStatus>(), channels: [] as ChannelSummary[], details: new Map<string, ChannelDetail>(), timing: null as DeliveryTiming | null };
  const list = (query: RequestQuery): RequestSummary[] => {
    let rows = [...state.stored].sort((a, b) => b.id - a.id);
    if (query.after !== undefined) rows = rows.filter((r) => r.id > Number(query.after));
    if (query.before !== undefined) rows = rows.filter((r) => r.id < Number(query.before));
    if (query.method) rows = rows.filter((r) => r.method === query.method);
    if (query.signature) rows = rows.filter((r) => r.signature.status === query.signature);
    if (query.name) rows = rows.filter((r) => r.eventNames.includes(String(query.name)));
    if (query.channel) rows = rows.filter((r) => r.path.includes(String(query.channel)));
    return rows.slice(0, Number(query.limit ?? 100));
  };
  const api: Api = {
    listBins: async () => ok([state.bin]),
    createBin: async () => ok(state.bin),
    getBin: async () => ok(state.bin),
    updateBin: async (bin, patch) => {
      calls.push({ fn: 'updateBin', args: [bin, patch] });
      state.bin = { ...state.bin, pusher: (patch.pusher ?? []).map((c) => ({ key: c.key, secret: '***' })) };
      state.stored = state.stored.map((r) => ({ ...r, signature: { scheme: 'pusher', status: 'valid' } }));
      return ok(state.bin);
    },
    listRequests: async (bin, query) => {
      calls.push({ fn: 'listRequests', args: [bin, query] });
      return ok(list(query));
    },
    getRequest: async (bin, id) => {
      calls.push({ fn: 'getRequest', args: [bin, id] });
      const found = state.stored.find((r) => r.id === id);
      if (!found) return { ok: false, status: 404, code: 'request_not_found', message: 'gone' };
      const detail: ViewerDetail = { ...found, rawHeaders: [], bytes: new TextEncoder().encode('{}') };
      return ok(detail);
    },
    deleteRequest: async (_bin, id) => {
      state.stored = state.stored.filter((r) => r.id !== id);
      return ok(null);
    },
    clearRequests: async () => {
      state.stored = [];
      return ok(null);
    },
    replay: async (bin, id, input) => {
      calls.push({ fn: 'replay', args: [bin, id, input] });
      return ok({ status: 204, rawHeaders: [], body: '', bodyEncoding: 'utf8', truncated: false, durationMs: 3 });
    },
    rawUrl: (bin, id) => `/api/bins/${bin}/requests/${id}/raw`,
    send: async (input) => {
      calls.push({ fn: 'send', args: [input] });
      return ok([]);
    },
    listChannels: async (bin) => {
      calls.push({ fn: 'listChannels', args: [bin] });
      return ok({ channels: state.channels, asOf: 0 });
    },
    getChannel: async (bin, channel) => {
      calls.push({ fn: 'getChannel', args: [bin, channel] });
      const found = state.details.get(channel);
      return found ? ok(found) : { ok: false, status: 404, code: 'channel_not_found', message: 'no such channel' };
    },
    getTiming: async (bin) => {
      calls.push({ fn: 'getTiming', args: [bin] });
      return state.timing ? ok(state.timing) : { ok: false, status: 404, code: 'bin_not_found', message: 'no bin' };
    },
    exportUrl: (bin, format) => `/api/bins/${bin}/export?format=${format}`,
    importFile: async (bin, file) => {
      calls.push({ fn: 'importFile', args: [bin, file] });
      return ok({ format: 'ndjson', imported: 1, firstId: 1, lastId: 1, skipped: [], skippedCount: 0 });
    },
  };
  return { api, calls, state };
}

export function createFakeLive() {
  const opened: { bin: string; handlers: LiveHandlers; closed: boolean }[] = [];
  const connect: LiveConnect = (bin, handlers) => {
    const entry = { bin, handlers, closed: false };
    opened.push(entry);
    return { close: () => void (entry.closed = true) };
  };
  const current = () => opened[opened.length - 1];
  return {
    connect,
    opened,
    send: (message: LiveMessage) => current().handlers.onMessage(message),
    setState: (state: ConnectionState) => current().handlers.onState(state),
    after: () => current().handlers.after(),
  };
}

/** Lets pending promise callbacks (fake API answers) run. */
export const settle = async (): Promise<void> => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

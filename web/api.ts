// The REST client of the viewer (with live.ts, the only network code). Expected failures (404, 409,
// a dropped connection) are values, so the state never has to catch.
import type { SendDelivery, SendInput, SendResult } from '../core/send.js';
import type { Bin, ChannelDetail, ChannelList, DeliveryTiming, RequestDetail, RequestSummary, ResponseSettings } from '../core/wire.js';

export type { ResponseSettings, ResponseStep } from '../core/wire.js';

export type ApiResult<T> = { ok: true; value: T } | { ok: false; status: number; code: string; message: string };

export interface Credential {
  key: string;
  secret: string;
}

export interface BinInput {
  name?: string;
  pusher?: Credential[];
  secret?: string | null;
  response?: ResponseSettings | null;
}

/**
 * A request as the viewer loads it: the detail without body and server-decoded events
 * (`?events=false&body=false`), and the exact body bytes from /raw, fetched side by side. The
 * viewer decodes the bytes itself: an 8 MB batch then costs the server no decoding and no 26 MB
 * of JSON, and the browser no JSON.parse of it.
 */
export type ViewerDetail = Omit<RequestDetail, 'body' | 'bodyEncoding' | 'events'> & { bytes: Uint8Array };

/** GET /api/bins returns the wire Bin plus its response settings. */
export type BinView = Bin & { response?: ResponseSettings | null };

export interface ReplayInput {
  url: string;
  resign?: { key?: string; secret: string };
}

export interface ReplayAnswer {
  status: number;
  rawHeaders: string[];
  body: string;
  bodyEncoding: 'utf8' | 'base64';
  truncated: boolean;
  durationMs: number;
}

export type RequestQuery = Record<string, string | number | undefined>;

/** POST /api/bins/:bin/import: what was stored and what was skipped. */
export interface ImportAnswer {
  format: 'har' | 'ndjson';
  imported: number;
  firstId: number | null;
  lastId: number | null;
  skipped: { line?: number; entry?: number; reason: string }[];
  skippedCount: number;
}

export type ExportFormat = 'har' | 'ndjson';

export interface Api {
  listBins(): Promise<ApiResult<Bin[]>>;
  createBin(input: BinInput): Promise<ApiResult<Bin>>;
  getBin(bin: string): Promise<ApiResult<Bin>>;
  updateBin(bin: string, patch: BinInput): Promise<ApiResult<Bin>>;
  listRequests(bin: string, query: RequestQuery): Promise<ApiResult<RequestSummary[]>>;
  getRequest(bin: string, id: number): Promise<ApiResult<ViewerDetail>>;
  deleteRequest(bin: string, id: number): Promise<ApiResult<null>>;
  clearRequests(bin: string): Promise<ApiResult<null>>;
  /** Sends a stored request to another URL (byte-exact, optionally re-signed) and returns the answer. */
  replay(bin: string, id: number, input: ReplayInput): Promise<ApiResult<ReplayAnswer>>;
  /** Where the exact body bytes are downloaded from. */
  rawUrl(bin: string, id: number): string;
  /** POST /api/send: plays a broadcast server and returns every delivery. */
  send(input: SendInput): Promise<ApiResult<SendDelivery[]>>;
  listChannels(bin: string): Promise<ApiResult<ChannelList>>;
  getChannel(bin: string, channel: string): Promise<ApiResult<ChannelDetail>>;
  getTiming(bin: string): Promise<ApiResult<DeliveryTiming>>;
  /** Where a bin's requests are downloaded as a HAR or NDJSON file. */
  exportUrl(bin: string, format: ExportFormat): string;
  /** Uploads a HAR or NDJSON file into a bin (created if it does not exist). */
  importFile(bin: string, file: Blob): Promise<ApiResult<ImportAnswer>>;
}

type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

export function createApi(base = '', fetchImpl: Fetch = (input, init) => fetch(input, init)): Api {
  const binPath = (bin: string): string => `${base}/api/bins/${encodeURIComponent(bin)}`;

  async function call<T>(method: string, url: string, body?: unknown): Promise<ApiResult<T>> {
    let res: Response;
    try {
      const raw = body instanceof Blob;
      res = await fetchImpl(url, {
        method,
        headers: body === undefined || raw ? undefined : { 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : raw ? body : JSON.stringify(body),
      });
    } catch (error) {
      return { ok: false, status: 0, code: 'network', message: `cannot reach hookscope (${String(error)})` };
    }
    if (res.status === 204) return { ok: true, value: null as T };
    const data = (await res.json().catch(() => null)) as unknown;
    if (res.ok) return { ok: true, value: data as T };
    const error = (data as { error?: { code?: string; message?: string } } | null)?.error;
    return { ok: false, status: res.status, code: error?.code ?? 'http_error', message: error?.message ?? `HTTP ${res.status}` };
  }

  async function bytes(url: string): Promise<ApiResult<Uint8Array>> {
    try {
      const res = await fetchImpl(url);
      if (res.ok) return { ok: true, value: new Uint8Array(await res.arrayBuffer()) };
      const error = ((await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null)?.error;
      return { ok: false, status: res.status, code: error?.code ?? 'http_error', message: error?.message ?? `HTTP ${res.status}` };
    } catch (error) {
      return { ok: false, status: 0, code: 'network', message: `cannot reach hookscope (${String(error)})` };
    }
  }

  const map = <T, U>(result: ApiResult<T>, f: (value: T) => U): ApiResult<U> => (result.ok ? { ok: true, value: f(result.value) } : result);

  return {
    listBins: async () => map(await call<{ bins: Bin[] }>('GET', `${base}/api/bins`), (v) => v.bins),
    createBin: (input) => call<Bin>('POST', `${base}/api/bins`, input),
    getBin: (bin) => call<Bin>('GET', binPath(bin)),
    updateBin: (bin, patch) => call<Bin>('PATCH', binPath(bin), patch),
    listRequests: async (bin, query) => {
      const params = new URLSearchParams();
      for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(key, String(value));
      const qs = params.toString();
      return map(await call<{ requests: RequestSummary[] }>('GET', `${binPath(bin)}/requests${qs ? `?${qs}` : ''}`), (v) => v.requests);
    },
    getRequest: async (bin, id) => {
      const url = `${binPath(bin)}/requests/${id}`;
      const [meta, body] = await Promise.all([call<Omit<ViewerDetail, 'bytes'>>('GET', `${url}?events=false&body=false`), bytes(`${url}/raw`)]);
      if (!meta.ok) return meta;
      return body.ok ? { ok: true, value: { ...meta.value, bytes: body.value } } : body;
    },
    deleteRequest: (bin, id) => call<null>('DELETE', `${binPath(bin)}/requests/${id}`),
    clearRequests: (bin) => call<null>('DELETE', `${binPath(bin)}/requests`),
    replay: (bin, id, input) => call<ReplayAnswer>('POST', `${binPath(bin)}/requests/${id}/replay`, input),
    rawUrl: (bin, id) => `${binPath(bin)}/requests/${id}/raw`,
    send: async (input) => map(await call<SendResult>('POST', `${base}/api/send`, input), (v) => v.deliveries),
    listChannels: (bin) => call<ChannelList>('GET', `${binPath(bin)}/channels`),
    getChannel: (bin, channel) => call<ChannelDetail>('GET', `${binPath(bin)}/channels/${encodeURIComponent(channel)}`),
    getTiming: (bin) => call<DeliveryTiming>('GET', `${binPath(bin)}/timing`),
    exportUrl: (bin, format) => `${binPath(bin)}/export?format=${format}`,
    importFile: (bin, file) => call<ImportAnswer>('POST', `${binPath(bin)}/import`, file),
  };
}

/** GET /healthz: whether hookscope's storage takes writes (503 with a reason on a full disk). */
export type StorageHealth = { status: 'ok' } | { status: 'degraded'; reason: string };

/** The storage health, or null when hookscope cannot be reached (the live socket shows that). */
export async function fetchHealth(base = '', fetchImpl: Fetch = (input, init) => fetch(input, init)): Promise<StorageHealth | null> {
  try {
    const res = await fetchImpl(`${base}/healthz`, { cache: 'no-store' });
    const data = (await res.json().catch(() => null)) as { status?: string; reason?: unknown } | null;
    if (data?.status === 'degraded') return { status: 'degraded', reason: typeof data.reason === 'string' ? data.reason : `HTTP ${res.status}` };
    return res.ok ? { status: 'ok' } : null;
  } catch {
    return null;
  }
}

// hookscope(baseUrl): the entry point of the test client.
import type { SendDelivery, SendInput, SendResult } from '../core/send.js';
import type { RequestSummary } from '../core/wire.js';
import { createBinHandle, type HookscopeBin } from './bin.js';
import { type ClientOptions, createHttp, segment } from './http.js';
import type { BinInfo, BinOptions } from './types.js';

export interface HookscopeClient {
  readonly baseUrl: string;
  /** Creates a bin. Its waits see every event that arrives after the creation. */
  createBin(options?: BinOptions): Promise<HookscopeBin>;
  /**
   * Opens an existing bin (404 -> HookscopeApiError 'bin_not_found'). Its waits see every event that
   * arrives after this call: what is already stored is ignored unless a wait passes `after: 0`.
   */
  bin(idOrName: string): Promise<HookscopeBin>;
  /** Every bin, most recently active first. */
  bins(): Promise<BinInfo[]>;
  /**
   * Plays a broadcast server (POST /api/send): sends its exact webhooks for `events` or a `scenario` to
   * `to` and resolves with every delivery (attempt, status, durationMs, request, response) once all are
   * done, retries included. Pass `retries: 0` to skip a failing app's backoff.
   */
  send(input: SendInput, options?: { signal?: AbortSignal }): Promise<SendDelivery[]>;
}

export function hookscope(baseUrl: string, options: ClientOptions = {}): HookscopeClient {
  const http = createHttp(baseUrl, options);
  return {
    baseUrl: http.baseUrl,
    async createBin(input = {}) {
      const { body } = await http.call<BinInfo>('POST', '/api/bins', { body: input });
      // A new bin holds nothing yet: after=0 sees its first request, however early it comes.
      return createBinHandle(http, body, { requestId: 0 });
    },
    async bin(idOrName) {
      const path = `/api/bins/${segment(idOrName)}`;
      const [info, latest] = await Promise.all([
        http.call<BinInfo>('GET', path),
        http.call<{ requests: RequestSummary[] }>('GET', `${path}/requests`, { query: { limit: 1 } }),
      ]);
      return createBinHandle(http, info.body, { requestId: latest.body.requests[0]?.id ?? 0 });
    },
    async bins() {
      return (await http.call<{ bins: BinInfo[] }>('GET', '/api/bins')).body.bins;
    },
    async send(input, options = {}) {
      return (await http.call<SendResult>('POST', '/api/send', { body: input, signal: options.signal })).body.deliveries;
    },
  };
}

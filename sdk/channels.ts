// Channel state of a bin (GET /api/bins/:bin/channels, /channels/:channel, its long-poll /wait) and
// delivery timing, seen from the client.
import type { ChannelDetail, ChannelList, ChannelSummary, DeliveryTiming } from '../core/wire.js';
import { HookscopeApiError, HookscopeChannelWaitError } from './errors.js';
import { type Http, isRecord, segment } from './http.js';
import type { ChannelFilter, ChannelOptions, WaitForChannelOptions } from './types.js';
import { checkTimeout, DEFAULT_TIMEOUT, isWaitTimeout, MAX_SERVER_WAIT, TRANSPORT_SLACK, withDeadline } from './wait.js';

export interface BinChannels {
  /** Channels the bin's webhooks mention, by name, with occupancy, members and anomaly counts. */
  channels(filter?: ChannelFilter): Promise<ChannelSummary[]>;
  /** One channel: members, timeline, anomalies; `at` gives its state as of that request id. */
  channel(name: string, options?: ChannelOptions): Promise<ChannelDetail>;
  /**
   * Resolves with the channel's state once it holds (`occupied`, the exact `members` set); rejects with
   * a HookscopeChannelWaitError carrying the state last seen. A channel never mentioned is unoccupied.
   */
  waitForChannel(name: string, options?: WaitForChannelOptions): Promise<ChannelDetail>;
  /** How the bin's webhooks arrive: events per request, gaps, sender delay, retries. */
  timing(options?: { limit?: number }): Promise<DeliveryTiming>;
}

export function describeChannelWant(name: string, o: WaitForChannelOptions): string {
  const parts: string[] = [];
  if (o.occupied !== undefined) parts.push(o.occupied ? 'occupied' : 'not occupied');
  if (o.members !== undefined) parts.push(o.members.length === 0 ? 'with no members' : `with members [${o.members.join(', ')}]`);
  return `${name} ${parts.length > 0 ? parts.join(' ') : 'in any state'}`;
}

export function describeChannelState(d: ChannelDetail | null): string {
  if (d === null) return 'no answer';
  if (d.timelineCount === 0) return `never seen (as of request ${d.asOf})`;
  const who = d.members.length === 0 ? 'no members' : `members [${d.members.map((m) => m.userId).join(', ')}]`;
  return `${d.occupied ? 'occupied' : 'not occupied'}, ${who} (as of request ${d.asOf})`;
}

export function createBinChannels(http: Http, binPath: string): BinChannels {
  const channelPath = (name: string) => `${binPath}/channels/${segment(name)}`;
  return {
    async channels(filter = {}) {
      const query = { occupied: filter.occupied === undefined ? undefined : String(filter.occupied), prefix: filter.prefix };
      return (await http.call<ChannelList>('GET', `${binPath}/channels`, { query })).body.channels;
    },
    async channel(name, options = {}) {
      return (await http.call<ChannelDetail>('GET', channelPath(name), { query: { at: options.at } })).body;
    },
    async waitForChannel(name, options = {}) {
      const timeout = options.timeout ?? DEFAULT_TIMEOUT;
      checkTimeout(timeout);
      const deadline = Date.now() + timeout;
      const query = {
        occupied: options.occupied === undefined ? undefined : String(options.occupied),
        members: options.members === undefined ? undefined : JSON.stringify(options.members),
      };
      let last: ChannelDetail | null = null;
      for (;;) {
        const chunk = Math.ceil(Math.min(MAX_SERVER_WAIT, Math.max(0, deadline - Date.now())));
        const res = await withDeadline(chunk + TRANSPORT_SLACK, options.signal, (signal) =>
          http.call<unknown>('GET', `${channelPath(name)}/wait`, { query: { ...query, timeout: chunk }, accept: [408], signal }),
        );
        if (res.status !== 408) return res.body as ChannelDetail;
        if (!isWaitTimeout(res.body)) throw new HookscopeApiError(408, 'http_408', `GET ${channelPath(name)}/wait answered 408 without a wait result`);
        if (isRecord(res.body) && isRecord(res.body.channel)) last = res.body.channel as unknown as ChannelDetail;
        if (Date.now() >= deadline) {
          const message = `expected ${describeChannelWant(name, options)} within ${timeout} ms; last seen: ${describeChannelState(last)}`;
          throw new HookscopeChannelWaitError(message, timeout, last);
        }
      }
    },
    async timing(options = {}) {
      return (await http.call<DeliveryTiming>('GET', `${binPath}/timing`, { query: { limit: options.limit } })).body;
    },
  };
}

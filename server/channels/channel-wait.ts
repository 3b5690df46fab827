// Long-poll until a channel's state holds a condition (occupied, an exact set of members):
// GET /api/bins/:bin/channels/:channel/wait. Checked now, then after every change of the bin's state.
import { channelType, type ChannelDetail, type ChannelFold } from '../../core/channels/index.js';
import { BinGoneError, type ChannelStates } from './channel-states.js';

export interface ChannelCondition {
  occupied?: boolean;
  /** The exact set of present user ids. */
  members?: string[];
}

export type ChannelWaitOutcome =
  | { type: 'match'; channel: ChannelDetail }
  | { type: 'timeout'; channel: ChannelDetail }
  | { type: 'bin_deleted' }
  | { type: 'aborted' };

/** A channel the stream never mentioned: unoccupied, nobody present (timelineCount 0). */
export function unseenChannel(name: string, asOf: number): ChannelDetail {
  return { name, type: channelType(name), occupied: false, members: [], firstEventAt: 0, lastEventAt: 0, timeline: [], timelineCount: 0, anomalies: [], anomalyCount: 0, asOf };
}

export function channelOf(fold: ChannelFold, name: string): ChannelDetail {
  return fold.detail(name) ?? unseenChannel(name, fold.asOf);
}

export function holds(d: ChannelDetail, c: ChannelCondition): boolean {
  if (c.occupied !== undefined && d.occupied !== c.occupied) return false;
  if (c.members === undefined) return true;
  const want = new Set(c.members);
  return d.members.length === want.size && d.members.every((m) => want.has(m.userId));
}

export function waitForChannel(
  states: ChannelStates,
  binId: string,
  name: string,
  cond: ChannelCondition,
  opts: { timeoutMs: number; signal?: AbortSignal },
): Promise<ChannelWaitOutcome> {
  if (opts.signal?.aborted) return Promise.resolve({ type: 'aborted' });
  return new Promise((resolve, reject) => {
    let done = false;
    let timer: NodeJS.Timeout | undefined;
    let stop = (): void => undefined;
    let fold: (() => ChannelFold) | null = null;
    const finish = (outcome: ChannelWaitOutcome): void => {
      if (done) return;
      done = true;
      stop();
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      resolve(outcome);
    };
    const onAbort = (): void => finish({ type: 'aborted' });
    const check = (): void => {
      const d = fold && channelOf(fold(), name);
      if (d && holds(d, cond)) finish({ type: 'match', channel: d });
    };
    const onChange = (changed: string[] | 'all' | null): void => {
      if (changed === null) finish({ type: 'bin_deleted' });
      else if (changed === 'all' || changed.includes(name)) check();
    };
    states.watch(binId, onChange).then(
      (w) => {
        fold = w.fold;
        stop = w.stop;
        if (done) return w.stop();
        check();
        if (done) return;
        opts.signal?.addEventListener('abort', onAbort, { once: true });
        timer = setTimeout(() => finish({ type: 'timeout', channel: channelOf(w.fold(), name) }), opts.timeoutMs);
      },
      (err: unknown) => {
        if (err instanceof BinGoneError) return finish({ type: 'bin_deleted' });
        done = true;
        reject(err as Error);
      },
    );
  });
}

// Errors the client throws. Each carries what a failing test needs to say why.
import type { ChannelDetail, NearMiss, WaitedEvent } from './types.js';

/** The API answered `{ error: { code, message } }` (or some other non-2xx). */
export class HookscopeApiError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = 'HookscopeApiError';
    this.status = status;
    this.code = code;
  }
}

/** Nothing matching arrived in time. `nearMisses` are the arrivals that did not match, newest first. */
export class HookscopeWaitError extends Error {
  readonly nearMisses: NearMiss[];
  readonly timeout: number;
  constructor(message: string, timeout: number, nearMisses: NearMiss[]) {
    super(message);
    this.name = 'HookscopeWaitError';
    this.timeout = timeout;
    this.nearMisses = nearMisses;
  }
}

/** expectNoEvent saw a matching event arrive. */
export class HookscopeUnexpectedEventError extends Error {
  readonly event: WaitedEvent;
  constructor(message: string, event: WaitedEvent) {
    super(message);
    this.name = 'HookscopeUnexpectedEventError';
    this.event = event;
  }
}

/** waitForChannel timed out. `channel` is the state hookscope last reported (null: never answered). */
export class HookscopeChannelWaitError extends HookscopeWaitError {
  readonly channel: ChannelDetail | null;
  constructor(message: string, timeout: number, channel: ChannelDetail | null) {
    super(message, timeout, []);
    this.name = 'HookscopeChannelWaitError';
    this.channel = channel;
  }
}

/** waitForEvents / expectSequence did not see every match in time. `matched` are those that came, in order. */
export class HookscopeSequenceError extends HookscopeWaitError {
  readonly matched: WaitedEvent[];
  constructor(message: string, timeout: number, nearMisses: NearMiss[], matched: WaitedEvent[]) {
    super(message, timeout, nearMisses);
    this.name = 'HookscopeSequenceError';
    this.matched = matched;
  }
}

// Errors the client throws. Each carries what a failing test needs to say why.
import type { NearMiss, WaitedEvent } from './types.js';

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

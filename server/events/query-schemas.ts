// Query parameters of the events and wait APIs.
import { z } from 'zod';
import { intParam } from '../api/validate.js';
import { CURSOR_RE } from './cursor.js';

const eventFilter = {
  name: z.string().max(200).optional(),
  channel: z.string().max(500).optional(),
  event: z.string().max(200).optional(),
  userId: z.string().max(500).optional(),
};

const cursor = z.string().regex(CURSOR_RE, 'a cursor is "<requestId>" or "<requestId>:<index>"');

export const eventListQuery = z.object({
  ...eventFilter,
  before: cursor.optional(),
  after: cursor.optional(),
  limit: intParam(1, 1000).default(100),
});

export const MAX_WAIT_MS = 60_000;

export const waitQuery = z.object({
  ...eventFilter,
  method: z.string().regex(/^[A-Za-z]{1,20}$/).optional(),
  signature: z.enum(['valid', 'invalid', 'unsigned', 'no_secret']).optional(),
  /** Request id or "<requestId>:<index>"; default: the bin's newest request now (only new arrivals). */
  after: cursor.optional(),
  /** Milliseconds. */
  timeout: intParam(0, MAX_WAIT_MS).default(10_000),
});

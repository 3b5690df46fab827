// Query parameters of the channel and timing APIs.
import { z } from 'zod';
import { intParam } from '../api/validate.js';
import { MAX_WAIT_MS } from '../events/query-schemas.js';

const bool = z.enum(['true', 'false']).transform((v) => v === 'true');

export const channelListQuery = z.object({
  occupied: bool.optional(),
  prefix: z.string().max(500).optional(),
});

export const channelQuery = z.object({
  /** A request id: the state as of that request (time travel). */
  at: intParam(0, Number.MAX_SAFE_INTEGER).optional(),
});

/** `members`: a JSON array of user ids, the exact set present (`[]`: nobody). */
const memberSet = z
  .string()
  .max(20_000)
  .transform((text, ctx) => {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      value = undefined;
    }
    if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
      ctx.addIssue({ code: 'custom', message: 'members is a JSON array of user id strings, e.g. ["42","7"]' });
      return z.NEVER;
    }
    return value as string[];
  });

export const channelWaitQuery = z.object({
  occupied: bool.optional(),
  members: memberSet.optional(),
  timeout: intParam(0, MAX_WAIT_MS).default(10_000),
});

export const timingQuery = z.object({
  /** The newest requests with events looked at. */
  limit: intParam(1, 10_000).default(1000),
});

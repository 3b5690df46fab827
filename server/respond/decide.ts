// The capture path's one call into scripted responses and retry grouping: decided synchronously
// right after the body is read, before the write is enqueued, so the stored row says what it was
// answered and which attempt it was (issue 8).
import type { ResponseRecord } from '../../core/wire.js';
import type { BinRecord, StoredCallback } from '../store/index.js';
import { planResponse, type ResponsePlan, statusFromPath, toRecord } from './plan.js';
import { createRetryTracker, type RetryFields, type RetryInput } from './retries.js';
import { sendablePlan } from './sendable.js';

export interface CaptureDecision {
  /** Stored with the row. */
  record: ResponseRecord;
  /** The answer to send after commit; null when the body was over --max-body (413 wins). */
  plan: ResponsePlan | null;
  /** Runs the write with the retry fields, and tells the retry group the id it got before `done`. */
  commit(store: (retry: RetryFields, done: StoredCallback) => void, done: StoredCallback): void;
}

export interface DecideInput extends RetryInput {
  truncated: boolean;
}

export type Responder = ReturnType<typeof createResponder>;

export function createResponder(retryWindowMs?: number) {
  const retries = createRetryTracker(retryWindowMs);
  return {
    decide(bin: BinRecord, input: DecideInput): CaptureDecision {
      // A body over the limit is answered 413 and does not take a script step.
      const plan = input.truncated ? null : sendablePlan(planResponse(bin.settings.response, statusFromPath(input.path)));
      const mark = retries.mark(bin.id, input);
      return {
        record: plan ? toRecord(plan) : { status: 413 },
        plan,
        // Callbacks, no promises: this runs once per captured request.
        commit(store, done) {
          const { fields, committed } = mark;
          const after: StoredCallback = committed
            ? (err, summary) => {
                committed(err ? undefined : summary!.id);
                done(err, summary);
              }
            : done;
          const run = (f: RetryFields): void => {
            try {
              store(f, after);
            } catch (err) {
              after(err as Error); // the group must still learn its first write failed
            }
          };
          if (!(fields instanceof Promise)) return run(fields);
          // A retry that overtook its first request's commit: the first's id comes with that commit.
          fields.then(run, (err: Error) => after(err));
        },
      };
    },
  };
}

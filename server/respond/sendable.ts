// The last check before a plan is recorded: custom headers and content type must be sendable. The API
// refuses bad ones when they are set (server/api/schemas.ts); settings stored before that check, or read
// from an older database, could still hold a CR/LF, and node:http would throw at writeHead after the row
// said the request was answered as planned. Checked before the row is written, so what is recorded is
// what is sent: such a plan becomes a 500 `invalid_response_settings` answer, recorded as 500.
import { validateHeaderName, validateHeaderValue } from 'node:http';
import { errorBody } from '../errors.js';
import type { ResponsePlan } from './plan.js';

/** Why the plan's headers cannot be sent, or null when they can. */
export function unsendable(plan: ResponsePlan): string | null {
  try {
    if (plan.contentType !== undefined) validateHeaderValue('Content-Type', plan.contentType);
    if (plan.headers) {
      for (const name in plan.headers) {
        validateHeaderName(name);
        validateHeaderValue(name, plan.headers[name]);
      }
    }
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}

/** The plan itself when sendable (the common case costs one property check), else a 500 that is. */
export function sendablePlan(plan: ResponsePlan): ResponsePlan {
  if (plan.headers === undefined && plan.contentType === undefined) return plan;
  const why = unsendable(plan);
  if (why === null) return plan;
  return {
    status: 500,
    headers: undefined,
    body: JSON.stringify(errorBody('invalid_response_settings', `the bin's response settings cannot be sent (${why}); PATCH its response`)),
    contentType: 'application/json; charset=utf-8',
    delayMs: 0,
    drop: false,
    ...(plan.step !== undefined && { step: plan.step }),
  };
}

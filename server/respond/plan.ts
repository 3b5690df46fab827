// What a bin answers to one captured request: its response settings, the next step of its script,
// and a `/status/<code>` path segment. Decided synchronously (no await) so concurrent requests take
// script steps one by one in arrival order (JS runs one capture's decision at a time).
import type { ResponseRecord } from '../../core/wire.js';
import type { ResponseSettings, ScriptStep } from '../store/index.js';

export interface ResponsePlan {
  status: number;
  /** Custom headers (settings overlaid by the step), or undefined for the default answer. */
  headers: Record<string, string> | undefined;
  /** Custom body, or undefined for the default `{ ok, id, bin }` JSON. */
  body: string | undefined;
  contentType: string | undefined;
  delayMs: number;
  drop: boolean;
  /** Index of the script step taken, when the script was still running. */
  step?: number;
}

interface Cursor {
  step: number;
  used: number;
}

/**
 * Script position per response-settings object. PATCHing `response` stores a new object, so the
 * position resets exactly then (and not on a PATCH of secrets, which keeps the same object).
 */
const cursors = new WeakMap<ResponseSettings, Cursor>();

/** Takes the next script step and advances the position; null once the script is used up. */
export function takeStep(settings: ResponseSettings): { step: ScriptStep; index: number } | null {
  const script = settings.script;
  if (script === undefined || script.length === 0) return null;
  let cursor = cursors.get(settings);
  if (cursor === undefined) cursors.set(settings, (cursor = { step: 0, used: 0 }));
  if (cursor.step >= script.length) return null;
  const index = cursor.step;
  const step = script[index];
  cursor.used++;
  if (cursor.used >= (step.times ?? 1)) {
    cursor.step++;
    cursor.used = 0;
  }
  return { step, index };
}

const STATUS_SEGMENT = /^\/h\/[^/]+\/status\/([1-5]\d\d)(?:\/|$)/;

/** `/h/:bin/status/503[/...]` -> 503: the segment right after the bin overrides the status. */
export function statusFromPath(path: string): number | null {
  const m = STATUS_SEGMENT.exec(path);
  return m ? Number(m[1]) : null;
}

/** Header names compared case-insensitively; the later object wins. */
export function mergeHeaders(...sets: (Record<string, string> | undefined)[]): Record<string, string> | undefined {
  const present = sets.filter((h): h is Record<string, string> => h !== undefined);
  if (present.length === 0) return undefined;
  const byLower = new Map<string, [string, string]>();
  for (const set of present) for (const [name, value] of Object.entries(set)) byLower.set(name.toLowerCase(), [name, value]);
  return Object.fromEntries(byLower.values());
}

/**
 * The answer: a running script's step overlays the plain settings field by field (a step without a
 * status keeps the plain status), then a `/status/<code>` path segment overrides the status.
 */
export function planResponse(settings: ResponseSettings | null, pathStatus: number | null): ResponsePlan {
  const taken = settings ? takeStep(settings) : null;
  const plain = settings ?? {};
  const step: ScriptStep = taken?.step ?? {};
  return {
    status: pathStatus ?? step.status ?? plain.status ?? 200,
    headers: mergeHeaders(plain.headers, step.headers),
    body: step.body ?? plain.body,
    contentType: step.contentType ?? plain.contentType,
    delayMs: step.delayMs ?? plain.delayMs ?? 0,
    drop: step.drop ?? plain.drop ?? false,
    ...(taken && { step: taken.index }),
  };
}

/** What is stored with the request: the status (as planned), the step, drop and delay. */
export function toRecord(plan: ResponsePlan): ResponseRecord {
  return {
    status: plan.status,
    ...(plan.step !== undefined && { step: plan.step }),
    ...(plan.drop && { dropped: true }),
    ...(plan.delayMs > 0 && { delayMs: plan.delayMs }),
  };
}

// Constructors for decode results, so every decoder reports success and failure the same way.
import type { DecodeContext, DecodedEventDraft, DecodedView, DecodeFailure, DecodeSuccess } from './types.js';

/** The view of a payload whose meaning is its events (the viewer renders the event list). */
export const EVENTS_VIEW: DecodedView = Object.freeze({ kind: 'events' });

export function success(
  decoder: string,
  events: DecodedEventDraft[],
  view: DecodedView,
  warnings: string[] = [],
): DecodeSuccess {
  return warnings.length > 0 ? { ok: true, decoder, events, view, warnings } : { ok: true, decoder, events, view };
}

/** A recognised but undecodable payload: still shown through the best generic view. */
export function failure(ctx: DecodeContext, decoder: string | null, reason: string): DecodeFailure {
  return { ok: false, decoder, reason, view: ctx.fallbackView() };
}

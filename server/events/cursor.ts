// Event cursors: "<requestId>:<index>" names one event (index = its position in the request's batch).
// Events are ordered by (requestId, index); newest first means (requestId DESC, index DESC).
// A bare "<requestId>" means a request boundary: `before=42` is every event of requests < 42,
// `after=42` every event of requests > 42.

export interface EventPosition {
  requestId: number;
  index: number;
}

export const CURSOR_RE = /^\d{1,15}(:\d{1,6})?$/;

/** Exclusive upper bound: events strictly before this position. */
export function beforePosition(cursor: string): EventPosition {
  const [id, index] = cursor.split(':');
  return { requestId: Number(id), index: index === undefined ? 0 : Number(index) };
}

/** Index meaning "after every event of the request": no batch holds a million events. */
export const AFTER_ALL = 1_000_000;

/** Exclusive lower bound: events strictly after this position. */
export function afterPosition(cursor: string): EventPosition {
  const [id, index] = cursor.split(':');
  return { requestId: Number(id), index: index === undefined ? AFTER_ALL : Number(index) };
}

/** Whether the event at (requestId, index) comes strictly after `p`. */
export function isAfter(requestId: number, index: number, p: EventPosition): boolean {
  return requestId > p.requestId || (requestId === p.requestId && index > p.index);
}

export function formatCursor(p: EventPosition): string {
  return p.index >= AFTER_ALL ? String(p.requestId) : `${p.requestId}:${p.index}`;
}

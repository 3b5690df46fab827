// Where the next wait of a bin handle starts. The handle remembers the position of the previous
// wait's match (or where the bin was created / cleared / opened), so an event sent before the wait
// call is not missed, and one already matched is not matched again.

/** An event position: every event after it (ordered by request id, then index in the batch). */
export interface Position {
  requestId: number;
  /** Index of the event in its request's batch; `undefined` = after all events of that request. */
  index?: number;
}

export interface Cursor {
  get(): Position;
  /** Moves forward only: concurrent waits that resolve out of order never move it back. */
  advance(to: Position): void;
  reset(to: Position): void;
}

export function createCursor(start: Position): Cursor {
  let current = start;
  return {
    get: () => current,
    advance(to) {
      if (compare(to, current) > 0) current = to;
    },
    reset(to) {
      current = to;
    },
  };
}

/** The wire form of `after`: a request id (`42`) or an event position (`42:3`). */
export function formatPosition(p: Position): string {
  return p.index === undefined ? String(p.requestId) : `${p.requestId}:${p.index}`;
}

export function parsePosition(value: number | string): Position {
  if (typeof value === 'number') return { requestId: value };
  const m = /^(\d+)(?::(\d+))?$/.exec(value);
  if (!m) throw new TypeError(`after must be a request id, "id:index", 0 or 'now', got ${JSON.stringify(value)}`);
  return m[2] === undefined ? { requestId: Number(m[1]) } : { requestId: Number(m[1]), index: Number(m[2]) };
}

function compare(a: Position, b: Position): number {
  if (a.requestId !== b.requestId) return a.requestId - b.requestId;
  return (a.index ?? Number.MAX_SAFE_INTEGER) - (b.index ?? Number.MAX_SAFE_INTEGER);
}

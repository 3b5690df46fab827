// A JSON value as the lines of a collapsible tree, so the tree can be windowed: only the lines in
// view are rendered, and a 30,000-event batch is an array of lines, not 300,000 DOM nodes. Pure.

export type JsonLine =
  | { kind: 'scalar'; depth: number; name?: string; value: unknown; parent: object | null }
  | { kind: 'open' | 'collapsed'; depth: number; name?: string; node: object; array: boolean; size: number }
  | { kind: 'close'; depth: number; array: boolean };

/** Whether a container is shown open (its state as the user left it, or the default for its depth). */
export type IsOpen = (node: object, depth: number) => boolean;

/** Containers nearer the root than this are open by default. */
export const OPEN_DEPTH = 3;

type Frame = { node: object; depth: number; keys: string[] | null; at: number };

/** The lines of `value` with containers opened as `isOpen` says. Iterative: depth is unbounded. */
export function jsonLines(value: unknown, isOpen: IsOpen): JsonLine[] {
  const lines: JsonLine[] = [];
  const stack: Frame[] = [];
  const visit = (v: unknown, depth: number, name: string | undefined, parent: object | null): void => {
    if (v === null || typeof v !== 'object') {
      lines.push(name === undefined ? { kind: 'scalar', depth, value: v, parent } : { kind: 'scalar', depth, name, value: v, parent });
      return;
    }
    const array = Array.isArray(v);
    const keys = array ? null : Object.keys(v);
    const size = array ? (v as unknown[]).length : (keys as string[]).length;
    const open = isOpen(v, depth);
    const line: JsonLine = { kind: open ? 'open' : 'collapsed', depth, node: v, array, size };
    if (name !== undefined) line.name = name;
    lines.push(line);
    if (open) stack.push({ node: v, depth, keys, at: 0 });
  };
  visit(value, 0, undefined, null);
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    const size = top.keys ? top.keys.length : (top.node as unknown[]).length;
    if (top.at >= size) {
      stack.pop();
      lines.push({ kind: 'close', depth: top.depth, array: top.keys === null });
      continue;
    }
    const i = top.at++;
    if (top.keys) visit((top.node as Record<string, unknown>)[top.keys[i]], top.depth + 1, top.keys[i], top.node);
    else visit((top.node as unknown[])[i], top.depth + 1, undefined, top.node);
  }
  return lines;
}

/** Remembers what the user opened and closed; everything else follows OPEN_DEPTH (or `rootOpen`). */
export function createOpenState(rootOpen?: boolean) {
  const overrides = new Map<object, boolean>();
  return {
    isOpen: ((node, depth) => overrides.get(node) ?? (depth === 0 && rootOpen !== undefined ? rootOpen : depth < OPEN_DEPTH)) as IsOpen,
    toggle(node: object, depth: number): void {
      overrides.set(node, !(overrides.get(node) ?? (depth === 0 && rootOpen !== undefined ? rootOpen : depth < OPEN_DEPTH)));
    },
  };
}

/** time_ms, timestamp, created_at...: a number that reads as epoch milliseconds gets its date beside it. */
export function isEpochMs(name: string | undefined, value: unknown): value is number {
  return typeof value === 'number' && name !== undefined && /time|_at$|timestamp/i.test(name) && value > 1e12 && value < 1e13;
}

/** "3 items", "1 key". */
export const sizeLabel = (array: boolean, size: number): string => `${size} ${array ? 'item' : 'key'}${size === 1 ? '' : 's'}`;

/** Lines of a value with every container in its default state, computed once per value. */
const defaultLines = new WeakMap<object, JsonLine[]>();

/** jsonLines with the default open state, memoised per value (a 30,000-event body: ~50 ms once). */
export function defaultJsonLines(value: unknown): JsonLine[] {
  if (value === null || typeof value !== 'object') return jsonLines(value, createOpenState().isOpen);
  let lines = defaultLines.get(value);
  if (!lines) defaultLines.set(value, (lines = jsonLines(value, createOpenState().isOpen)));
  return lines;
}

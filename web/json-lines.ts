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

export interface LineBuilder {
  /** The lines laid out so far (a prefix of the whole tree's lines). */
  readonly lines: JsonLine[];
  done(): boolean;
  /** Lays out up to `max` more lines; true when the tree is complete. */
  run(max: number): boolean;
}

/**
 * The lines of `value` with containers opened as `isOpen` says, laid out in steps so a huge tree
 * can show its first screen at once and finish in the background. Iterative: depth is unbounded.
 */
export function lineBuilder(value: unknown, isOpen: IsOpen): LineBuilder {
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
  return {
    lines,
    done: () => stack.length === 0,
    run(max) {
      const stop = lines.length + max;
      while (stack.length > 0 && lines.length < stop) {
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
      return stack.length === 0;
    },
  };
}

/** All the lines of `value` at once. */
export function jsonLines(value: unknown, isOpen: IsOpen): JsonLine[] {
  const builder = lineBuilder(value, isOpen);
  builder.run(Infinity);
  return builder.lines;
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

/** Builders of values with every container in its default state, one per value. */
const defaultBuilders = new WeakMap<object, LineBuilder>();

/** lineBuilder with the default open state, shared per value (laid out once: ~50 ms for 30,000 events). */
export function defaultLineBuilder(value: unknown): LineBuilder {
  if (value === null || typeof value !== 'object') return lineBuilder(value, createOpenState().isOpen);
  let builder = defaultBuilders.get(value);
  if (!builder) defaultBuilders.set(value, (builder = lineBuilder(value, createOpenState().isOpen)));
  return builder;
}

/** All the default lines of `value`, memoised per value. */
export function defaultJsonLines(value: unknown): JsonLine[] {
  const builder = defaultLineBuilder(value);
  builder.run(Infinity);
  return builder.lines;
}

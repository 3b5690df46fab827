import { useEffect, useMemo, useReducer, useRef, useState } from 'preact/hooks';
import { createOpenState, defaultLineBuilder, isEpochMs, type JsonLine, lineBuilder, sizeLabel } from '../json-lines.js';
import { useVirtual } from './use-virtual.js';

/** Characters of a string shown before "show all". */
const STRING_PREVIEW = 2000;
/** Characters shown at most after "show all" (the Raw view has the rest). */
const STRING_MAX = 200_000;
const LINE_HEIGHT = 19;
/** Lines laid out before the first render; the rest follow in slices between frames. */
const FIRST_LINES = 5000;
const SLICE_LINES = 40_000;

/**
 * A collapsible JSON tree, windowed: the value becomes lines (json-lines.ts) and only the lines in
 * view are rendered, in the tree's own scroll box. Strings are text nodes (never markup).
 */
export function JsonTree({ value, open }: { value: unknown; open?: boolean }) {
  const [state] = useState(() => createOpenState(open));
  const [version, bump] = useReducer((n: number) => n + 1, 0);
  const builder = useMemo(() => {
    const b = version === 0 && open === undefined ? defaultLineBuilder(value) : lineBuilder(value, state.isOpen);
    if (b.lines.length < FIRST_LINES) b.run(FIRST_LINES);
    return b;
  }, [value, version]);
  const [, grew] = useReducer((n: number) => n + 1, 0);
  useEffect(() => {
    if (builder.done()) return;
    let timer = setTimeout(function slice() {
      const done = builder.run(SLICE_LINES);
      grew(0);
      if (!done) timer = setTimeout(slice, 0);
    }, 0);
    return () => clearTimeout(timer);
  }, [builder]);
  const lines = builder.lines;
  const [longShown] = useState(() => new Map<object | null, Set<string>>());
  const scroller = useRef<HTMLDivElement>(null);
  const v = useVirtual({ count: lines.length, scroller, estimate: LINE_HEIGHT, measure: true });
  return (
    <div class="json-tree" ref={scroller}>
      <div class="jt-canvas" style={{ height: `${v.total}px` }}>
        <div class="jt-window" style={{ transform: `translateY(${v.before}px)` }}>
          {v.items.map((item) => (
            <Line
              key={item.key}
              index={item.index}
              line={lines[item.index]}
              measure={v.measureElement}
              onToggle={(node, depth) => (state.toggle(node, depth), bump(0))}
              shown={longShown}
              onShowAll={(parent, name) => {
                const set = longShown.get(parent) ?? new Set<string>();
                longShown.set(parent, set.add(name));
                bump(0);
              }}
            />
          ))}
        </div>
      </div>
    </div>
  );
}

interface LineProps {
  index: number;
  line: JsonLine;
  measure: (el: Element | null) => void;
  onToggle: (node: object, depth: number) => void;
  shown: Map<object | null, Set<string>>;
  onShowAll: (parent: object | null, name: string) => void;
}

function Line({ index, line, measure, onToggle, shown, onShowAll }: LineProps) {
  const indent = <span class="jt-indent" style={{ width: `${line.depth * 16}px` }} />;
  const label = line.kind !== 'close' && line.name !== undefined && <span class="jt-key">{line.name}: </span>;
  if (line.kind === 'close') {
    return (
      <div class="jt-line" data-index={index} ref={measure}>
        {indent}<span class="jt-gutter" /><span class="jt-punct">{line.array ? ']' : '}'}</span>
      </div>
    );
  }
  if (line.kind === 'scalar') {
    const key = line.name ?? '';
    return (
      <div class="jt-line" data-index={index} ref={measure}>
        {indent}<span class="jt-gutter" />{label}
        <Scalar value={line.value} full={shown.get(line.parent)?.has(key) ?? false} onShowAll={() => onShowAll(line.parent, key)} />
        {isEpochMs(line.name, line.value) && <span class="jt-hint">{new Date(line.value).toISOString()}</span>}
      </div>
    );
  }
  const open = line.kind === 'open';
  return (
    <div class="jt-line jt-toggle" data-index={index} ref={measure} onClick={() => onToggle(line.node, line.depth)} role="button" aria-expanded={open}>
      {indent}<span class={`jt-gutter jt-caret${open ? ' open' : ''}`} aria-hidden="true" />
      {label}
      <span class="jt-punct">{line.array ? '[' : '{'}</span>
      {!open && <span class="jt-summary"> {sizeLabel(line.array, line.size)} </span>}
      {!open && <span class="jt-punct">{line.array ? ']' : '}'}</span>}
    </div>
  );
}

function Scalar({ value, full, onShowAll }: { value: unknown; full: boolean; onShowAll: () => void }) {
  if (typeof value === 'string') {
    const limit = full ? STRING_MAX : STRING_PREVIEW;
    if (value.length <= limit) return <span class="jt-string">{JSON.stringify(value)}</span>;
    return (
      <span class="jt-string">
        {JSON.stringify(value.slice(0, limit)).slice(0, -1)}…
        {full ? (
          <span class="jt-hint">{(value.length - limit).toLocaleString()} more characters: see the Raw view</span>
        ) : (
          <button type="button" class="btn btn-small btn-ghost jt-more" onClick={(e) => (e.stopPropagation(), onShowAll())}>
            show all {value.length.toLocaleString()} characters
          </button>
        )}
      </span>
    );
  }
  if (typeof value === 'number') return <span class="jt-number">{String(value)}</span>;
  if (typeof value === 'boolean') return <span class="jt-bool">{String(value)}</span>;
  if (value === null) return <span class="jt-null">null</span>;
  return <span class="jt-null">{String(value)}</span>;
}

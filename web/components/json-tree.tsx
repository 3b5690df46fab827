import { useState } from 'preact/hooks';

const CHILD_LIMIT = 200;

/** One value of a collapsible JSON tree; strings are text nodes (never markup), like everything else. */
export function JsonTree({ value, depth = 0, name, open: initiallyOpen }: { value: unknown; depth?: number; name?: string; open?: boolean }) {
  const [open, setOpen] = useState(initiallyOpen ?? depth < 3);
  const [limit, setLimit] = useState(CHILD_LIMIT);
  const label = name !== undefined && <span class="jt-key">{name}: </span>;
  if (value === null || typeof value !== 'object') {
    return (
      <div class="jt-line">
        <span class="jt-gutter" />
        {label}
        <Scalar value={value} />
        {isEpochMs(name, value) && <span class="jt-hint">{new Date(value).toISOString()}</span>}
      </div>
    );
  }
  const isArray = Array.isArray(value);
  const entries: [string, unknown][] = isArray ? value.map((v, i) => [String(i), v]) : Object.entries(value);
  const [openBr, closeBr] = isArray ? ['[', ']'] : ['{', '}'];
  const summary = isArray ? `${entries.length} item${entries.length === 1 ? '' : 's'}` : `${entries.length} key${entries.length === 1 ? '' : 's'}`;
  return (
    <div class="jt-node">
      <div class="jt-line jt-toggle" onClick={() => setOpen(!open)} role="button" aria-expanded={open}>
        <span class={`jt-gutter jt-caret${open ? ' open' : ''}`} aria-hidden="true" />
        {label}
        <span class="jt-punct">{openBr}</span>
        {!open && <span class="jt-summary"> {summary} </span>}
        {!open && <span class="jt-punct">{closeBr}</span>}
      </div>
      {open && (
        <div class="jt-children">
          {entries.slice(0, limit).map(([k, v]) => <JsonTree key={k} name={isArray ? undefined : k} value={v} depth={depth + 1} />)}
          {entries.length > limit && (
            <button type="button" class="btn btn-small btn-ghost jt-more" onClick={() => setLimit(limit + CHILD_LIMIT * 5)}>
              show {Math.min(entries.length - limit, CHILD_LIMIT * 5)} more of {entries.length - limit}
            </button>
          )}
        </div>
      )}
      {open && <div class="jt-line"><span class="jt-gutter" /><span class="jt-punct">{closeBr}</span></div>}
    </div>
  );
}

/** time_ms, timestamp, created_at...: a number that reads as epoch milliseconds gets its date beside it. */
function isEpochMs(name: string | undefined, value: unknown): value is number {
  return typeof value === 'number' && name !== undefined && /time|_at$|timestamp/i.test(name) && value > 1e12 && value < 1e13;
}

function Scalar({ value }: { value: unknown }) {
  if (typeof value === 'string') return <span class="jt-string">{JSON.stringify(value)}</span>;
  if (typeof value === 'number') return <span class="jt-number">{String(value)}</span>;
  if (typeof value === 'boolean') return <span class="jt-bool">{String(value)}</span>;
  if (value === null) return <span class="jt-null">null</span>;
  return <span class="jt-null">{String(value)}</span>;
}

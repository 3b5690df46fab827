import { useMemo, useRef } from 'preact/hooks';
import { BYTES_PER_ROW, hexRow, textRows } from '../text-rows.js';
import { useVirtual } from './use-virtual.js';

const ROW_HEIGHT = 19;
/** Text up to this many characters is one plain <pre> (selectable as a whole); longer is windowed. */
export const PLAIN_TEXT_LIMIT = 64 * 1024;

/** Fixed-height rows in their own scroll box; only the rows in view are in the DOM. */
function Rows({ count, row, class: cls }: { count: number; row: (i: number) => string; class: string }) {
  const scroller = useRef<HTMLDivElement>(null);
  const v = useVirtual({ count, scroller, estimate: ROW_HEIGHT, overscan: 20 });
  return (
    <div class={`code text-window ${cls}`} ref={scroller}>
      <div class="tw-canvas" style={{ height: `${v.total}px` }}>
        <div class="tw-rows" style={{ transform: `translateY(${v.before}px)` }}>
          {v.items.map((item) => <div key={item.key} class="raw-line">{row(item.index)}</div>)}
        </div>
      </div>
    </div>
  );
}

/** Raw or pretty text: a plain <pre> when short, windowed rows (long lines split) when long. */
export function TextView({ text }: { text: string }) {
  const rows = useMemo(() => (text.length > PLAIN_TEXT_LIMIT ? textRows(text) : null), [text]);
  if (rows === null) return <pre class="code wrap">{text}</pre>;
  return <Rows count={rows.length / 2} row={(i) => text.slice(rows[2 * i], rows[2 * i + 1])} class="text-rows" />;
}

/** Classic offset | hex | ascii dump of the whole body, windowed. */
export function HexView({ bytes }: { bytes: Uint8Array }) {
  if (bytes.length === 0) return <p class="muted">Empty body.</p>;
  return <Rows count={Math.ceil(bytes.length / BYTES_PER_ROW)} row={(i) => hexRow(bytes, i * BYTES_PER_ROW)} class="hex-dump" />;
}

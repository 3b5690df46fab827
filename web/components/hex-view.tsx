import { useState } from 'preact/hooks';

const BYTES_PER_LINE = 16;
const PAGE_BYTES = 16 * 1024;

function line(bytes: Uint8Array, offset: number): string {
  const chunk = bytes.subarray(offset, offset + BYTES_PER_LINE);
  let hex = '';
  let ascii = '';
  for (let i = 0; i < BYTES_PER_LINE; i++) {
    if (i < chunk.length) {
      hex += chunk[i].toString(16).padStart(2, '0') + (i === 7 ? '  ' : ' ');
      ascii += chunk[i] >= 0x20 && chunk[i] < 0x7f ? String.fromCharCode(chunk[i]) : '.';
    } else {
      hex += i === 7 ? '    ' : '   ';
    }
  }
  return `${offset.toString(16).padStart(8, '0')}  ${hex} ${ascii}`;
}

/** Classic offset | hex | ascii dump, 16 KiB at a time. */
export function HexView({ bytes }: { bytes: Uint8Array }) {
  const [shown, setShown] = useState(PAGE_BYTES);
  const lines: string[] = [];
  const end = Math.min(bytes.length, shown);
  for (let offset = 0; offset < end; offset += BYTES_PER_LINE) lines.push(line(bytes, offset));
  return (
    <div class="hex">
      <pre class="code hex-dump">{lines.join('\n')}</pre>
      {bytes.length > end && (
        <button type="button" class="btn btn-small" onClick={() => setShown(shown + PAGE_BYTES * 4)}>
          Show more ({(bytes.length - end).toLocaleString()} bytes left)
        </button>
      )}
      {bytes.length === 0 && <p class="muted">Empty body.</p>}
    </div>
  );
}

// Long text and bytes as fixed-height rows for windowed views (raw, pretty, hex). Pure.

/** Characters per row of a long line in the windowed text view (it scrolls sideways past that). */
export const TEXT_COLUMNS = 160;

/**
 * Row boundaries of `text`: one row per line, a line longer than `columns` split every `columns`
 * characters. Returns [start0, end0, start1, end1, ...] (end excludes the newline).
 */
export function textRows(text: string, columns = TEXT_COLUMNS): Uint32Array {
  let out = new Uint32Array(Math.max(16, Math.ceil(text.length / columns) * 2 + 64));
  let n = 0;
  const push = (start: number, end: number): void => {
    if (n + 2 > out.length) {
      const bigger = new Uint32Array(out.length * 2);
      bigger.set(out);
      out = bigger;
    }
    out[n++] = start;
    out[n++] = end;
  };
  let at = 0;
  for (;;) {
    const nl = text.indexOf('\n', at);
    const end = nl < 0 ? text.length : nl;
    if (end === at) push(at, at);
    for (let s = at; s < end; s += columns) push(s, Math.min(end, s + columns));
    if (nl < 0) break;
    at = nl + 1;
  }
  return out.subarray(0, n);
}

export const BYTES_PER_ROW = 16;

/** `00000010  7b 22 74 69 6d 65 5f 6d  73 22 3a 31 2c 22 65 76  {"time_ms":1,"ev`: one hex dump row. */
export function hexRow(bytes: Uint8Array, offset: number): string {
  const chunk = bytes.subarray(offset, offset + BYTES_PER_ROW);
  let hex = '';
  let ascii = '';
  for (let i = 0; i < BYTES_PER_ROW; i++) {
    if (i < chunk.length) {
      hex += chunk[i].toString(16).padStart(2, '0') + (i === 7 ? '  ' : ' ');
      ascii += chunk[i] >= 0x20 && chunk[i] < 0x7f ? String.fromCharCode(chunk[i]) : '.';
    } else {
      hex += i === 7 ? '    ' : '   ';
    }
  }
  return `${offset.toString(16).padStart(8, '0')}  ${hex} ${ascii}`;
}

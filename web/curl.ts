// "Copy as curl": a POSIX-shell command that re-sends a captured request byte for byte.
// Every value is single-quoted (nothing inside is expanded); a body that is not plain printable
// text is piped in through printf with octal escapes (POSIX printf understands \NNN, NUL included).
import { headerPairs } from './format.js';

/** Headers curl sets itself from the command (or that would be wrong when re-sent). */
const SKIPPED = new Set(['host', 'content-length', 'connection', 'transfer-encoding', 'keep-alive']);

export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

function isPrintableText(bytes: Uint8Array): string | null {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
  // Tabs and newlines are fine inside single quotes; other control characters are not visible or portable.
  return /[\u0000-\u0008\u000b-\u001f\u007f]/.test(text) ? null : text;
}

/** A printf format that prints exactly these bytes: printable ASCII as is, everything else (and %, \, ') as \NNN. */
export function printfFormat(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) {
    const plain = b >= 0x20 && b < 0x7f && b !== 0x25 && b !== 0x5c && b !== 0x27;
    out += plain ? String.fromCharCode(b) : `\\${b.toString(8).padStart(3, '0')}`;
  }
  return out;
}

export interface CurlInput {
  method: string;
  url: string;
  rawHeaders: readonly string[];
  body: Uint8Array;
}

export function buildCurl(input: CurlInput): string {
  const parts = ['curl', '-X', shellQuote(input.method), shellQuote(input.url)];
  for (const [name, value] of headerPairs(input.rawHeaders)) {
    if (!SKIPPED.has(name.toLowerCase())) parts.push('-H', shellQuote(`${name}: ${value}`));
  }
  if (input.body.length === 0) return parts.join(' ');
  const text = isPrintableText(input.body);
  if (text !== null) return [...parts, '--data-binary', shellQuote(text)].join(' ');
  return `printf ${shellQuote(printfFormat(input.body))} | ${[...parts, '--data-binary', '@-'].join(' ')}`;
}

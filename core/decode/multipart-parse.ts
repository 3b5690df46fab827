// A small multipart/* parser over bytes (RFC 2046 §5.1.1 delimiters, RFC 7578 form-data
// dispositions) for the viewer's field list. It never throws: malformed input is a value.
import { headerParams } from './header-params.js';
import type { MultipartPart } from './types.js';

/** Parts above this size are listed without their text. */
export const MULTIPART_TEXT_LIMIT = 64 * 1024;
/** Stop after this many parts so a hostile body cannot make the list unbounded. */
export const MULTIPART_MAX_PARTS = 1000;

export type MultipartParse = { ok: true; parts: MultipartPart[] } | { ok: false; reason: string };

const CRLF = [0x0d, 0x0a];

function indexOfSeq(hay: Uint8Array, needle: ArrayLike<number>, from: number): number {
  const first = needle[0];
  for (let i = hay.indexOf(first, from); i >= 0 && i + needle.length <= hay.length; i = hay.indexOf(first, i + 1)) {
    let j = 1;
    while (j < needle.length && hay[i + j] === needle[j]) j++;
    if (j === needle.length) return i;
  }
  return -1;
}

function startsWith(bytes: Uint8Array, prefix: Uint8Array): boolean {
  if (bytes.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[i] !== prefix[i]) return false;
  return true;
}

function isTextual(contentType: string | null): boolean {
  if (contentType === null) return true;
  const t = contentType.split(';')[0].trim().toLowerCase();
  return t.startsWith('text/') || t.endsWith('/json') || t.endsWith('+json') || t.endsWith('/xml')
    || t.endsWith('+xml') || t === 'application/x-www-form-urlencoded';
}

function partText(content: Uint8Array, contentType: string | null): string | null {
  if (content.length > MULTIPART_TEXT_LIMIT || !isTextual(contentType)) return null;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(content);
  } catch {
    return null;
  }
}

function toPart(headerBytes: Uint8Array, content: Uint8Array): MultipartPart {
  const headers = new Map<string, string>();
  for (const line of new TextDecoder().decode(headerBytes).split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  const disposition = headerParams(headers.get('content-disposition') ?? '');
  const contentType = headers.get('content-type') ?? null;
  return {
    name: disposition.get('name') ?? null,
    filename: disposition.get('filename') ?? null,
    contentType,
    size: content.length,
    text: partText(content, contentType),
  };
}

export function parseMultipart(body: Uint8Array, boundary: string | null): MultipartParse {
  if (!boundary) return { ok: false, reason: 'multipart without a boundary parameter' };
  const delimiter = new TextEncoder().encode(`--${boundary}`);
  const next = new Uint8Array([...CRLF, ...delimiter]);
  // The first delimiter opens the body or follows a preamble line (RFC 2046 §5.1.1).
  let pos = startsWith(body, delimiter) ? 0 : indexOfSeq(body, next, 0);
  if (pos < 0) return { ok: false, reason: 'multipart boundary not found' };
  if (pos > 0 || body[0] === 0x0d) pos += 2; // skip the CRLF that ends the preamble
  const parts: MultipartPart[] = [];
  while (parts.length < MULTIPART_MAX_PARTS) {
    const after = pos + delimiter.length;
    if (body[after] === 0x2d && body[after + 1] === 0x2d) return { ok: true, parts };
    const lineEnd = indexOfSeq(body, CRLF, after);
    if (lineEnd < 0) return { ok: false, reason: 'multipart body truncated after a boundary' };
    const headersStart = lineEnd + 2;
    const emptyHeaders = body[headersStart] === 0x0d && body[headersStart + 1] === 0x0a;
    const headersEnd = emptyHeaders ? headersStart : indexOfSeq(body, [0x0d, 0x0a, 0x0d, 0x0a], headersStart);
    if (headersEnd < 0) return { ok: false, reason: 'multipart part headers not terminated' };
    const contentStart = headersEnd + (emptyHeaders ? 2 : 4);
    const end = indexOfSeq(body, next, contentStart);
    if (end < 0) return { ok: false, reason: 'multipart closing boundary missing' };
    parts.push(toPart(body.subarray(headersStart, headersEnd), body.subarray(contentStart, end)));
    pos = end + 2;
  }
  return { ok: true, parts };
}

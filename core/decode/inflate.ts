// Content-Encoding handling for display (RFC 9110 §8.4): the stored bytes stay compressed; a
// decompressed copy is decoded. Uses the caller's `inflate` when given (the server passes node:zlib,
// which also does brotli), else the web-standard DecompressionStream (gzip, deflate).
import type { Inflate } from './types.js';

/** A decompressed body larger than this is refused (a small gzip can expand a thousandfold). */
export const MAX_INFLATED_BYTES = 64 * 1024 * 1024;

/** The codings applied, in the order they were applied, without `identity`; lower-cased. */
export function contentCodings(contentEncoding: string | null | undefined): string[] {
  if (!contentEncoding) return [];
  return contentEncoding.split(',').map((c) => c.trim().toLowerCase()).filter((c) => c !== '' && c !== 'identity');
}

function streamFormat(coding: string): CompressionFormat | null {
  if (coding === 'gzip' || coding === 'x-gzip') return 'gzip';
  if (coding === 'deflate') return 'deflate';
  return null;
}

function concat(chunks: Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** Decompresses with DecompressionStream, refusing output above `max` bytes. Rejects on bad input. */
export async function inflateWithStreams(format: CompressionFormat, body: Uint8Array, max = MAX_INFLATED_BYTES): Promise<Uint8Array> {
  // The stream types want ArrayBuffer-backed views; a SharedArrayBuffer-backed body would be unusual
  // here and DecompressionStream copies its input anyway.
  const source = new ReadableStream<BufferSource>({
    start(controller) {
      controller.enqueue(body as Uint8Array<ArrayBuffer>);
      controller.close();
    },
  });
  const reader = source.pipeThrough(new DecompressionStream(format)).getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return concat(chunks, total);
    total += value.length;
    if (total > max) {
      await reader.cancel();
      throw new InflateLimitError(max);
    }
    chunks.push(value);
  }
}

/** A body that inflates past the limit (a gzip bomb): core's own error, the same on every platform. */
export class InflateLimitError extends Error {
  constructor(max: number) {
    super(`decompressed body exceeds ${max} bytes`);
  }
}

/** One coding undone, or null when nothing here can undo it. */
export async function undoCoding(coding: string, body: Uint8Array, inflate?: Inflate): Promise<Uint8Array | null> {
  if (inflate) return await inflate(coding, body);
  const format = streamFormat(coding);
  if (format === null || typeof DecompressionStream !== 'function') return null;
  return inflateWithStreams(format, body);
}

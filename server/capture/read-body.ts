// Reads a request body up to a limit. Bytes past the limit are counted, not kept.
// A callback, not a promise: it runs once per captured request.
import type { IncomingMessage } from 'node:http';

export interface BodyResult {
  body: Buffer;
  /** Bytes the sender sent (or declared, when we stopped reading early). */
  size: number;
  truncated: boolean;
}

/** `done` is called once: with the body at 'end', or with an error if the request fails or is aborted first. */
export function readBody(req: IncomingMessage, limit: number, done: (err: Error | null, result?: BodyResult) => void): void {
  const chunks: Buffer[] = [];
  let kept = 0;
  let seen = 0;
  let called = false;
  const fail = (err: Error): void => {
    if (called) return;
    called = true;
    done(err);
  };
  req.on('data', (chunk: Buffer) => {
    seen += chunk.length;
    if (kept >= limit) return;
    const room = limit - kept;
    const part = chunk.length <= room ? chunk : chunk.subarray(0, room);
    chunks.push(part);
    kept += part.length;
  });
  req.on('end', () => {
    if (called) return;
    called = true;
    const body = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, kept);
    done(null, { body, size: seen, truncated: seen > limit });
  });
  req.on('error', fail);
  req.on('aborted', () => fail(new Error('request aborted')));
}

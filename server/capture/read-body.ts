// Reads a request body up to a limit. Bytes past the limit are counted, not kept.
import type { IncomingMessage } from 'node:http';

export interface BodyResult {
  body: Buffer;
  /** Bytes the sender sent (or declared, when we stopped reading early). */
  size: number;
  truncated: boolean;
}

export function readBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let kept = 0;
    let seen = 0;
    req.on('data', (chunk: Buffer) => {
      seen += chunk.length;
      if (kept >= limit) return;
      const room = limit - kept;
      const part = chunk.length <= room ? chunk : chunk.subarray(0, room);
      chunks.push(part);
      kept += part.length;
    });
    req.on('end', () => {
      const body = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, kept);
      resolve({ body, size: seen, truncated: seen > limit });
    });
    req.on('error', reject);
    req.on('aborted', () => reject(new Error('request aborted')));
  });
}

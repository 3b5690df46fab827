// A stand-in for the user's app in send and passthrough tests: records every request exactly (raw
// headers, body bytes) and answers from a script of planned answers, then with the default.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Caught {
  method: string;
  url: string;
  rawHeaders: string[];
  body: Buffer;
}

export interface PlannedAnswer {
  status?: number;
  headers?: [string, string][];
  body?: string;
  /** Wait before answering. */
  delayMs?: number;
  /** Close the connection without an answer. */
  drop?: boolean;
}

export interface AppTarget {
  url: string;
  caught: Caught[];
  /** Answers for the next requests, in order; afterwards `fallback`. */
  answers: PlannedAnswer[];
  fallback: PlannedAnswer;
  /** Resolves once `n` requests arrived. */
  count(n: number): Promise<void>;
  close(): Promise<void>;
}

function answer(res: ServerResponse, a: PlannedAnswer): void {
  if (a.drop) return void res.socket?.destroy();
  const body = a.body ?? '{"ok":true}';
  const headers = a.headers ?? [['Content-Type', 'application/json']];
  res.writeHead(a.status ?? 200, [...headers.flat(), 'Content-Length', String(Buffer.byteLength(body))]);
  res.end(body);
}

export async function startAppTarget(fallback: PlannedAnswer = {}): Promise<AppTarget> {
  const caught: Caught[] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  const target = { answers: [] as PlannedAnswer[], fallback } as AppTarget;
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      caught.push({ method: req.method ?? '', url: req.url ?? '', rawHeaders: req.rawHeaders, body: Buffer.concat(chunks) });
      for (const w of waiters.filter((w) => caught.length >= w.n)) w.resolve();
      const a = target.answers.shift() ?? target.fallback;
      if (a.delayMs) setTimeout(() => answer(res, a), a.delayMs);
      else answer(res, a);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return Object.assign(target, {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks`,
    caught,
    count: (n: number) => new Promise<void>((resolve) => (caught.length >= n ? resolve() : waiters.push({ n, resolve }))),
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  });
}

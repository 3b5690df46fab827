// Test helpers for the live sockets: a ws client that records every message and waits on events.
import { request } from 'node:http';
import { createConnection, type Socket } from 'node:net';
import { WebSocket, type ClientOptions } from 'ws';
import { type HookscopeServer, startHookscope, type StartOptions } from '../server/start.js';
import { testDb } from './helpers/test-db.js';

export type Message = Record<string, unknown> & { type: string };

export interface Client {
  ws: WebSocket;
  messages: Message[];
  /** Resolves when cond() holds, re-checked on every message; rejects after timeout or on close. */
  until(cond: () => boolean, label: string, timeout?: number): Promise<void>;
  closed: Promise<{ code: number; reason: string }>;
  close(): void;
}

export async function startServer(options: StartOptions = {}): ReturnType<typeof startHookscope> {
  return startHookscope({ port: 0, db: await testDb(), quiet: true, ...options });
}

export function wsUrl(httpUrl: string, path: string): string {
  return httpUrl.replace(/^http/, 'ws') + path;
}

export function connect(url: string, options: ClientOptions = {}): Promise<Client> {
  const ws = new WebSocket(url, options);
  const messages: Message[] = [];
  const checks = new Set<() => void>();
  ws.on('message', (data) => {
    messages.push(JSON.parse(String(data)) as Message);
    for (const check of [...checks]) check();
  });
  ws.on('error', () => {});
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => {
      resolve({ code, reason: String(reason) });
      for (const check of [...checks]) check();
    }),
  );
  const until = (cond: () => boolean, label: string, timeout = 5000): Promise<void> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => done(new Error(`timed out waiting for ${label}; got ${JSON.stringify(messages).slice(0, 400)}`)), timeout);
      const check = (): void => {
        if (cond()) done();
        else if (ws.readyState === WebSocket.CLOSED) done(new Error(`socket closed while waiting for ${label}`));
      };
      const done = (err?: Error): void => {
        clearTimeout(timer);
        checks.delete(check);
        if (err) reject(err);
        else resolve();
      };
      checks.add(check);
      check();
    });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ ws, messages, until, closed, close: () => ws.close() }));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

/** Status and body of a refused upgrade. */
export function refusedUpgrade(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.on('error', () => {});
    ws.once('open', () => (ws.close(), reject(new Error('upgrade was accepted'))));
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
  });
}

/** Summaries received over a bin socket, flattened, in arrival order. */
export function summaryIds(messages: Message[]): number[] {
  return messages.filter((m) => m.type === 'requests').flatMap((m) => (m.requests as { id: number }[]).map((r) => r.id));
}

export interface Captured {
  status: number;
  id: number;
}

/** Sends one request to /h/:bin... with exact headers (arrays become repeated header lines). */
export function capture(
  baseUrl: string,
  path: string,
  body: string | Buffer = '{}',
  headers: Record<string, string | string[]> = { 'Content-Type': 'application/json' },
  method = 'POST',
): Promise<Captured> {
  return new Promise((resolve, reject) => {
    const req = request(baseUrl + path, { method, headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, id: Number(res.headers['x-hookscope-request-id'] ?? 0) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

export async function api(baseUrl: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(baseUrl + path, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

/**
 * n requests written in one synchronous loop on n raw sockets the server has already accepted (node
 * accepts one connection per loop turn), so the server reads them all in one event-loop turn and the
 * write queue commits them together (group commit).
 */
export async function burst(server: HookscopeServer, path: string, n: number): Promise<number[]> {
  const { hostname, port } = new URL(server.url);
  let accepted = 0;
  const allAccepted = new Promise<void>((resolve) => {
    const onConnection = (): void => {
      if (++accepted < n) return;
      server.server.off('connection', onConnection);
      resolve();
    };
    server.server.on('connection', onConnection);
  });
  const sockets = await Promise.all(
    Array.from({ length: n }, () => new Promise<Socket>((resolve, reject) => {
      const s = createConnection({ host: hostname, port: Number(port) }, () => resolve(s));
      s.once('error', reject);
    })),
  );
  await allAccepted;
  const answers = sockets.map((s) => new Promise<number>((resolve, reject) => {
    let text = '';
    s.on('data', (c: Buffer) => {
      text += c.toString('latin1');
      const m = /x-hookscope-request-id: (\d+)/i.exec(text);
      if (m && text.includes('\r\n\r\n')) (resolve(Number(m[1])), s.destroy());
    });
    s.once('error', reject);
  }));
  const body = '{"burst":true}';
  for (const s of sockets) {
    s.write(`POST ${path} HTTP/1.1\r\nHost: ${hostname}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`);
  }
  return Promise.all(answers);
}

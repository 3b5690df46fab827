// Raw TCP for hostile-input tests: bytes exactly as given, no client-side normalization.
import { connect, type Socket } from 'node:net';

export interface RawResult {
  /** Everything the server sent before it closed (or before the timeout). */
  text: string;
  status: number | null;
  closedByServer: boolean;
  ms: number;
}

/** Sends `data`, reads until the server closes the connection or `timeout` ms pass. */
export function exchange(port: number, data: string | Buffer, timeout = 3000): Promise<RawResult> {
  return new Promise((resolve, reject) => {
    const start = Date.now();
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let done = false;
    const finish = (closedByServer: boolean): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      const text = Buffer.concat(chunks).toString('latin1');
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      resolve({ text, status: m ? Number(m[1]) : null, closedByServer, ms: Date.now() - start });
    };
    const timer = setTimeout(() => finish(false), timeout);
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('end', () => finish(true));
    socket.on('close', () => finish(true));
    socket.on('error', (err) => (chunks.length > 0 ? finish(true) : done ? undefined : (done = true, clearTimeout(timer), reject(err))));
    socket.write(data);
  });
}

/** Opens a connection and writes `data`, then leaves it hanging; returns the socket. */
export function hang(port: number, data: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(data);
      resolve(socket);
    });
    socket.on('error', reject);
  });
}

/** Resolves when the server closes the socket; rejects after timeout. */
export function closedWithin(socket: Socket, timeout: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => reject(new Error(`socket still open after ${timeout} ms`)), timeout);
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks).toString('latin1'));
    });
  });
}

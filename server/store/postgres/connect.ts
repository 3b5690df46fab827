// Connections to PostgreSQL (node-postgres): one pool for queries and writes, plus one dedicated client
// per node for LISTEN (listener.ts). Every session commits with synchronous_commit on (set when the
// connection opens, whatever the server's or role's default), so an acknowledged capture is on disk.
// int8 columns (ids, epoch ms) come back as numbers: they stay far below 2^53.
import pg from 'pg';

/** Where the database is, for messages: never the password. */
export interface PgTarget {
  host: string;
  port: string;
  database: string;
  user: string;
  /** postgres://user@host:port/db */
  location: string;
}

export function describeUrl(url: string): PgTarget {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new Error('--db: not a valid postgres:// URL (postgres://user:password@host:5432/dbname)');
  }
  const host = u.searchParams.get('host') ?? (decodeURIComponent(u.hostname) || 'localhost');
  const port = u.searchParams.get('port') ?? (u.port || '5432');
  const database = decodeURIComponent(u.pathname.replace(/^\//, '')) || decodeURIComponent(u.username) || 'postgres';
  const user = decodeURIComponent(u.username) || 'postgres';
  return { host, port, database, user, location: `postgres://${encodeURIComponent(user)}@${host.startsWith('/') ? encodeURIComponent(host) : host}:${port}/${encodeURIComponent(database)}` };
}

const types = new pg.TypeOverrides();
types.setTypeParser(pg.types.builtins.INT8, (v: string) => Number(v));

export function clientConfig(url: string): pg.ClientConfig {
  // synchronous_commit as a start-up parameter: set before any statement of the session runs.
  return { connectionString: url, types, application_name: 'hookscope', keepAlive: true, connectionTimeoutMillis: 10_000, options: '-c synchronous_commit=on' };
}

export function createPool(url: string, max = 10): pg.Pool {
  const pool = new pg.Pool({ ...clientConfig(url), max, idleTimeoutMillis: 30_000 });
  // An idle client whose server went away: the pool drops it; the next query opens a new one.
  pool.on('error', () => {});
  return pool;
}

/** A start-up failure as one line that names the server and says what to do (never the password). */
export function connectError(err: unknown, t: PgTarget): Error {
  const e = err as { code?: string; message?: string };
  const where = `PostgreSQL at ${t.host}:${t.port} (database "${t.database}", user "${t.user}")`;
  switch (e.code) {
    case '28P01':
    case '28000':
      return new Error(`${where} refused the login: ${e.message}. Check the user and password in --db / HOOKSCOPE_DB`);
    case '3D000':
      return new Error(`${where}: the database does not exist. Create it first (createdb ${t.database}, or CREATE DATABASE)`);
    case '42501':
      return new Error(`${where}: permission denied (${e.message}). The user needs CREATE on the database for the first start`);
    case 'ECONNREFUSED':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENOENT':
      return new Error(`cannot reach ${where}: ${e.message ?? e.code}. Is the server running and the host/port in --db right?`);
    default:
      return new Error(`${where}: ${e.message ?? String(err)}`);
  }
}

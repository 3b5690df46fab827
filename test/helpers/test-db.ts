// The --db a test's server uses, for the engine of the vitest project running it (vitest.config.ts):
// ':memory:' under `sqlite`, a fresh database on the run's PostgreSQL server under `postgres`.
import pg from 'pg';
import { inject } from 'vitest';

export type Engine = 'sqlite' | 'postgres';

export const engine = (): Engine => inject('engine') ?? 'sqlite';

let admin: pg.Client | undefined;
let made = 0;

/** A new, empty PostgreSQL database on the run's server; its URL. */
export async function newPgDatabase(): Promise<string> {
  const url = inject('pgAdminUrl');
  if (!url) throw new Error('no PostgreSQL server: run this file in the `postgres` vitest project');
  if (!admin) {
    admin = new pg.Client(url);
    await admin.connect();
  }
  const name = `t_${process.pid}_${++made}_${Date.now() % 100000}`;
  await admin.query(`CREATE DATABASE ${name}`);
  return url.replace(/\/[^/]*$/, `/${name}`);
}

/** What `--db` a test server gets under the running project's engine. */
export async function testDb(kind: Engine = engine()): Promise<string> {
  return kind === 'postgres' ? newPgDatabase() : ':memory:';
}

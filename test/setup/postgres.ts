// Vitest globalSetup of the `postgres` project: one throwaway PostgreSQL server for the run (Debian's
// initdb + pg_ctl in a temp directory: test/helpers/pg-cluster.ts), stopped and removed afterwards.
// Tests get a fresh database each through test/helpers/test-db.ts. fsync is off to keep the run fast:
// hookscope still answers a capture only after COMMIT (synchronous_commit on); the crash tests kill
// hookscope, never this server.
import type { TestProject } from 'vitest/node';
import { type PgCluster, startPgCluster } from '../helpers/pg-cluster.js';

declare module 'vitest' {
  export interface ProvidedContext {
    engine: 'sqlite' | 'postgres';
    pgAdminUrl: string;
  }
}

let cluster: PgCluster | undefined;

export async function setup(project: TestProject): Promise<void> {
  cluster = await startPgCluster({ fsync: false });
  project.provide('pgAdminUrl', cluster.url());
}

export async function teardown(): Promise<void> {
  await cluster?.stop();
}

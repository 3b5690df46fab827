// vitest globalSetup: one in-process hookscope for the whole test run, on a free port, in memory.
// Tests read its URL with inject('hookscopeUrl').
import { startHookscope } from 'hookscope/server';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    hookscopeUrl: string;
  }
}

export async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startHookscope({ port: 0, db: ':memory:', quiet: true });
  project.provide('hookscopeUrl', server.url);
  // Returned teardown: closes open connections, pending waits and the database.
  return () => server.close();
}

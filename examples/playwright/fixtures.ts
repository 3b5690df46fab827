// Playwright fixtures: one hookscope per worker (in-process, port 0, in memory), a fresh bin per
// test, and the app under test pointed at that bin.
import { test as base } from '@playwright/test';
import { hookscope, type HookscopeBin } from 'hookscope/client';
import { startHookscope } from 'hookscope/server';
import { app, startFakeBroadcaster } from './fake-broadcaster.js';

interface TestFixtures {
  /** A new bin with the app's Pusher credentials, so every webhook's signature is checked. */
  bin: HookscopeBin;
  /** The app under test, sending its webhooks to `bin.url`. */
  appUrl: string;
}

interface WorkerFixtures {
  hookscopeUrl: string;
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  hookscopeUrl: [
    async ({}, use) => {
      const server = await startHookscope({ port: 0, db: ':memory:', quiet: true });
      await use(server.url);
      await server.close();
    },
    { scope: 'worker' },
  ],
  bin: async ({ hookscopeUrl }, use) => {
    const bin = await hookscope(hookscopeUrl).createBin({ pusher: [app] });
    await use(bin);
    await bin.delete();
  },
  appUrl: async ({ bin }, use) => {
    const broadcaster = await startFakeBroadcaster(bin.url);
    await use(broadcaster.url);
    await broadcaster.close();
  },
});

export { expect } from '@playwright/test';

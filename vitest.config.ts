import { defineConfig } from 'vitest/config';

const all = ['server/**/*.test.ts', 'core/**/*.test.ts', 'sdk/**/*.test.ts', 'web/**/*.test.{ts,tsx}', 'test/**/*.test.ts'];
/** Need a PostgreSQL server: both engines side by side (describe.each), several nodes on one database. */
const postgresOnly = ['test/store-contract.test.ts', 'test/nodes*.test.ts', 'server/store/postgres/**/*.test.ts'];
/**
 * The API contract suites: every file here runs twice, once per engine (the `sqlite` and `postgres`
 * projects); a server's --db comes from test/helpers/test-db.ts.
 */
const apiSuites = [
  'test/foundation-bins.test.ts',
  'test/foundation-capture.test.ts',
  'test/events.test.ts',
  'test/decoder-summary.test.ts',
  'test/wait.test.ts',
  'test/live-bin.test.ts',
  'test/live-relay.test.ts',
  'test/respond.test.ts',
  'test/replay.test.ts',
  'test/forward.test.ts',
  'test/signature-api.test.ts',
  'test/client.test.ts',
  'test/client-wait.test.ts',
  'test/metrics.test.ts',
  'test/hostile-api.test.ts',
  'test/passthrough.test.ts',
  'test/send-api.test.ts',
  'test/channels-api.test.ts',
];

export default defineConfig({
  test: {
    exclude: ['**/node_modules/**', 'dist/**', 'interop/**'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    projects: [
      { extends: true, test: { name: 'sqlite', include: all, exclude: ['**/node_modules/**', 'dist/**', 'interop/**', ...postgresOnly], provide: { engine: 'sqlite' } } },
      {
        extends: true,
        test: { name: 'postgres', include: [...postgresOnly, ...apiSuites], globalSetup: ['test/setup/postgres.ts'], provide: { engine: 'postgres' } },
      },
    ],
  },
});

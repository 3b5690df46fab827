// Loads the webhook fixtures in test/fixtures/<server>/*.json (schema: test/fixtures/README.md).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Fixture {
  file: string;
  server: string;
  name: string;
  credentials: { app_id: string | null; app_key: string | null; secret: string | null };
  request: { method: string; url: string; headers: Record<string, string>; body: string };
}

export const fixturesDir = fileURLToPath(new URL('../fixtures/', import.meta.url));

export function loadFixtures(server?: string): Fixture[] {
  const servers = server ? [server] : ['pusher', 'soketi', 'sockudo', 'ts-broadcasting'];
  return servers.flatMap((s) =>
    readdirSync(join(fixturesDir, s))
      .filter((f) => f.endsWith('.json') && !f.endsWith('.expected.json'))
      .map((f) => ({ ...(JSON.parse(readFileSync(join(fixturesDir, s, f), 'utf8')) as Omit<Fixture, 'file' | 'name'>), file: `${s}/${f}`, name: f.replace(/\.json$/, '') })),
  );
}

/** The fixture's headers minus the ones that describe the original connection. */
export function sendableHeaders(f: Fixture): [string, string][] {
  return Object.entries(f.request.headers).filter(([n]) => !/^(host|content-length|connection)$/i.test(n));
}

/** One fixture by server folder and file name (without .json); throws when it is missing. */
export function fixture(server: string, name: string): Fixture {
  const f = loadFixtures(server).find((x) => x.name === name);
  if (!f) throw new Error(`no fixture ${server}/${name}`);
  return f;
}

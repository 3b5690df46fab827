import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { defaultWebRoot } from './viewer-routes.js';

it('serves the built viewer (dist/web), never the unbuilt web/ sources, when run from source', () => {
  const root = defaultWebRoot();
  expect(root.replace(/\\/g, '/')).toMatch(/\/dist\/web$/);
  expect(existsSync(join(root, '..', '..', 'web', 'main.tsx'))).toBe(true);
});

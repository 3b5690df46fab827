// GET /api/bins/:bin/export?format=har|ndjson[&after=&before=] streams a bin's requests (oldest first);
// POST /api/bins/:bin/import takes a HAR or NDJSON file back (server/formats/).
import { Hono } from 'hono';
import { z } from 'zod';
import { binForCapture, requireBin } from '../bin-service.js';
import type { Context } from '../context.js';
import { httpError } from '../errors.js';
import { UnsupportedImportError } from '../formats/archive.js';
import { exportStream } from '../formats/export-stream.js';
import { importArchive, parseArchive } from '../formats/import-requests.js';
import { baseUrl } from './base-url.js';
import { named } from './components.js';
import { route } from './route.js';
import { intParam } from './validate.js';

const exportQuery = z.object({
  format: z.enum(['har', 'ndjson']).default('har').describe('HAR 1.2 (one entry per request) or NDJSON (one request per line)'),
  after: intParam(0, Number.MAX_SAFE_INTEGER).optional().describe('only requests with a larger id'),
  before: intParam(0, Number.MAX_SAFE_INTEGER).optional().describe('only requests with a smaller id'),
});

const har = named('Har', 'A HAR 1.2 document; hookscope\'s own fields of each entry are under `_hookscope`.', z.looseObject({
  log: z.looseObject({ version: z.literal('1.2'), creator: z.looseObject({ name: z.string(), version: z.string() }), entries: z.array(z.looseObject({})) }),
}));

const importResult = named('ImportResult', 'What an import stored, and what it skipped.', z.object({
  format: z.enum(['har', 'ndjson']),
  imported: z.number().int(),
  firstId: z.number().int().nullable().describe('id of the first imported request (ids follow the file\'s order)'),
  lastId: z.number().int().nullable(),
  skipped: z.array(z.object({ line: z.number().int().optional(), entry: z.number().int().optional(), reason: z.string() })).describe('entries that could not be read (at most 1000 listed)'),
  skippedCount: z.number().int(),
}));

/** The request body, refused with 413 as soon as it passes `max` bytes (declared or streamed). */
async function readLimited(req: Request, max: number): Promise<Uint8Array> {
  const tooLarge = () => httpError(413, 'import_too_large', `the file is larger than ${max} bytes (--max-import)`);
  if (Number(req.headers.get('content-length') ?? 0) > max) throw tooLarge();
  if (!req.body) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = req.body.getReader();
  for (let r = await reader.read(); !r.done; r = await reader.read()) {
    size += r.value.byteLength;
    if (size > max) {
      void reader.cancel();
      throw tooLarge();
    }
    chunks.push(r.value);
  }
  return Buffer.concat(chunks);
}

export function archiveRoutes(ctx: Context): Hono {
  const app = new Hono();
  route(app, 'get', '/export', {
    operationId: 'exportRequests',
    summary: 'Export a bin\'s requests as HAR or NDJSON (streamed)',
    description: 'Oldest first. Headers keep arrival order, case and duplicates; a body that is not UTF-8 is base64 (`encoding: "base64"` in HAR postData). NDJSON holds what is needed to restore each request exactly (POST .../import).',
    tag: 'requests',
    query: exportQuery,
    responses: {
      200: {
        description: 'the file, as an attachment',
        schema: har,
        content: { 'application/x-ndjson': { type: 'string', description: 'one JSON request per line' } },
      },
    },
  }, (c, { query }) => {
    const bin = requireBin(ctx, c.req.param('bin') ?? '');
    const ndjson = query.format === 'ndjson';
    const stream = exportStream(ctx, bin, { ...query, base: baseUrl(ctx, c) });
    return new Response(stream, {
      headers: {
        'Content-Type': ndjson ? 'application/x-ndjson; charset=utf-8' : 'application/json; charset=utf-8',
        'Content-Disposition': `attachment; filename="${bin.id}.${ndjson ? 'ndjson' : 'har'}"`,
      },
    });
  });
  route(app, 'post', '/import', {
    operationId: 'importRequests',
    summary: 'Import a HAR or NDJSON file into a bin',
    description: 'The format is detected from the content. Each request is stored again as it came (method, path moved to this bin, query, headers, body bytes, received time); signatures and events are derived with this bin\'s secrets. Entries that cannot be read are skipped and listed; a file that is neither format changes nothing. An auto-creatable bin name is created.',
    tag: 'requests',
    rawBody: {
      description: 'a HAR 1.2 file or hookscope NDJSON, up to --max-import bytes',
      content: { 'application/json': { description: 'HAR 1.2' }, 'application/x-ndjson': { type: 'string' } },
    },
    responses: { 200: { description: 'imported', schema: importResult } },
    errors: { 400: ['unsupported_import'], 413: ['import_too_large'] },
  }, async (c) => {
    const id = c.req.param('bin') ?? '';
    const bytes = await readLimited(c.req.raw, ctx.config.maxImport);
    let parsed;
    try {
      parsed = parseArchive(bytes);
    } catch (err) {
      if (err instanceof UnsupportedImportError) throw httpError(400, 'unsupported_import', err.message);
      throw err;
    }
    // Only now, with a file worth importing, may an auto-creatable bin be created.
    const bin = await binForCapture(ctx, id);
    if (!bin) throw httpError(404, 'bin_not_found', `no bin "${id}"`);
    return c.json(await importArchive(ctx, bin, parsed));
  });
  return app;
}

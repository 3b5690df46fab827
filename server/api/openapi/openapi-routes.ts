// GET /api/openapi.json: the OpenAPI 3.1 document of the API, generated from the mounted routes'
// specs (document.ts) on first request, with `servers` set to the base URL the caller used.
import { Hono } from 'hono';
import { z } from 'zod';
import type { Context } from '../../context.js';
import { packageVersion } from '../../version.js';
import { baseUrl } from '../base-url.js';
import { route } from '../route.js';
import { describeApi, type DocumentBody } from './document.js';

const TAGS = [
  { name: 'bins', description: 'Bins: where senders post, with their secrets and response settings.' },
  { name: 'requests', description: 'Captured requests: list, detail, raw bytes, replay, delete.' },
  { name: 'events', description: 'Decoded webhook events, and waiting for one.' },
  { name: 'live', description: 'The live WebSocket of a bin.' },
  { name: 'channels', description: 'Channel state and delivery timing derived from the bin\'s webhooks.' },
  { name: 'send', description: 'hookscope as the broadcast server: webhooks sent to your app.' },
  { name: 'meta', description: 'This document.' },
];

const DESCRIPTION = `hookscope catches webhooks sent to \`/h/{bin}\` (any method, any sub-path), stores them
byte-exact, checks Pusher / soketi / sockudo / ts-broadcasting signatures and decodes batched webhooks
into events. Every error is \`{ "error": { "code", "message" } }\` with a fitting status. Capture URLs
(\`/h/...\`) are not part of this API: they take any request.`;

const documentSchema = z.looseObject({ openapi: z.string(), info: z.looseObject({ title: z.string(), version: z.string() }), paths: z.record(z.string(), z.unknown()) });

export function openApiDocument(body: DocumentBody, serverUrl: string): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: { title: 'hookscope', version: packageVersion(), description: DESCRIPTION, license: { name: 'MIT', identifier: 'MIT' } },
    servers: [{ url: serverUrl }],
    tags: TAGS,
    // Open unless the server runs with --token; then a bearer token (or the viewer's session cookie).
    security: [{}, { bearerAuth: [] }],
    paths: body.paths,
    components: {
      schemas: body.schemas,
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', description: 'the server\'s --token, when it has one' } },
      responses: {
        Unauthorized: { description: 'error: `unauthorized` (the server has --token and none or a wrong one was sent)', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
        HostNotAllowed: { description: 'error: `host_not_allowed` (DNS rebinding guard: a Host that is not a loopback name)', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
        Forbidden: { description: 'error: `host_not_allowed`, `cross_origin` (a change whose Origin is another site)', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
      },
    },
  };
}

/** `app` is the whole application, read on the first request (every route is mounted by then). */
export function openApiRoutes(ctx: Context, app: () => Hono): Hono {
  const routes = new Hono();
  let body: DocumentBody | undefined;
  route(routes, 'get', '/openapi.json', {
    operationId: 'getOpenApiDocument',
    summary: 'This OpenAPI 3.1 document',
    description: 'Generated from the schemas that validate each route\'s input and describe its answers; `servers` is the base URL you called.',
    tag: 'meta',
    responses: { 200: { description: 'the document', schema: documentSchema } },
  }, (c) => {
    body ??= describeApi(app());
    return c.json(openApiDocument(body, baseUrl(ctx, c)));
  });
  return routes;
}

// The OpenAPI 3.1 document of every /api route, built from what is mounted on the app: each route's
// spec (server/api/route.ts) gives its parameters, body and answers, as zod schemas converted by
// json-schema.ts. Routes under /api without a spec are listed by undescribedRoutes (a test fails on them).
import type { Hono } from 'hono';
import { type RouteSpec, routeSpecOf, type SchemaObject } from '../route.js';
import { pathParams } from '../schemas.js';
import { errorSchema } from '../wire-schemas.js';
import { createSchemaCollector, type SchemaCollector } from './json-schema.js';

type Operation = Record<string, unknown>;
type Paths = Record<string, Record<string, Operation>>;

export interface DocumentBody {
  paths: Paths;
  schemas: Record<string, SchemaObject>;
}

interface MountedRoute {
  method: string;
  path: string;
  spec: RouteSpec<unknown, unknown> | undefined;
}

const PARAM = /:([A-Za-z_][A-Za-z0-9_]*)/g;

/** `/api/bins/:bin` -> `/api/bins/{bin}`. */
export const openApiPath = (honoPath: string): string => honoPath.replace(PARAM, '{$1}');

function mountedApiRoutes(app: Hono): MountedRoute[] {
  const seen = new Set<string>();
  const out: MountedRoute[] = [];
  for (const r of app.routes) {
    if (r.method === 'ALL' || !r.path.startsWith('/api/')) continue; // middleware and the /api/* 404
    const key = `${r.method} ${r.path}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ method: r.method.toLowerCase(), path: r.path, spec: routeSpecOf(r.handler) });
  }
  return out;
}

/** "GET /api/x" for every route under /api that has no spec: each must be described. */
export function undescribedRoutes(app: Hono): string[] {
  return mountedApiRoutes(app).filter((r) => !r.spec).map((r) => `${r.method.toUpperCase()} ${r.path}`);
}

const errorRef = { $ref: '#/components/schemas/Error' };
const jsonContent = (schema: SchemaObject) => ({ 'application/json': { schema } });

function errorResponses(route: MountedRoute, spec: RouteSpec<unknown, unknown>): Record<string, unknown> {
  const codes = new Map<number, Set<string>>();
  const add = (status: number, ...list: string[]) => {
    const set = codes.get(status) ?? new Set<string>();
    for (const code of list) set.add(code);
    codes.set(status, set);
  };
  if (spec.query) add(400, 'invalid_query');
  if (spec.body) add(400, 'invalid_json', 'invalid_body');
  if (route.path.includes(':id')) add(400, 'invalid_request_id');
  if (route.path.includes(':bin')) add(404, 'bin_not_found');
  for (const [status, list] of Object.entries(spec.errors ?? {})) add(Number(status), ...list);
  const out: Record<string, unknown> = {};
  for (const [status, set] of [...codes].sort((a, b) => a[0] - b[0])) {
    out[String(status)] = { description: `error: ${[...set].map((c) => '`' + c + '`').join(', ')}`, content: jsonContent(errorRef) };
  }
  out['401'] = { $ref: '#/components/responses/Unauthorized' };
  out['403'] = { $ref: route.method === 'get' ? '#/components/responses/HostNotAllowed' : '#/components/responses/Forbidden' };
  return out;
}

function parameters(route: MountedRoute, spec: RouteSpec<unknown, unknown>, schemas: SchemaCollector): unknown[] {
  const params: unknown[] = [];
  for (const [, name] of route.path.matchAll(PARAM)) {
    const schema = pathParams[name as keyof typeof pathParams];
    const json = schema ? schemas.convert(schema, 'input') : { type: 'string' };
    const { description, ...rest } = json;
    params.push({ name, in: 'path', required: true, description, schema: rest });
  }
  if (spec.query) {
    const json = schemas.convert(spec.query, 'input');
    const required = new Set((json.required as string[] | undefined) ?? []);
    for (const [name, prop] of Object.entries((json.properties ?? {}) as Record<string, SchemaObject>)) {
      const { description, ...rest } = prop;
      params.push({ name, in: 'query', required: required.has(name), ...(description !== undefined && { description }), schema: rest });
    }
  }
  return params;
}

function responses(spec: RouteSpec<unknown, unknown>, schemas: SchemaCollector): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [status, r] of Object.entries(spec.responses)) {
    const content = { ...(r.schema && jsonContent(schemas.convert(r.schema, 'output'))), ...mapContent(r.content) };
    out[status] = { description: r.description, ...(Object.keys(content).length > 0 && { content }), ...(r.headers && { headers: r.headers }) };
  }
  return out;
}

const mapContent = (content: Record<string, SchemaObject> | undefined) =>
  Object.fromEntries(Object.entries(content ?? {}).map(([type, schema]) => [type, { schema }]));

function operation(route: MountedRoute, spec: RouteSpec<unknown, unknown>, answers: Record<string, unknown>, schemas: SchemaCollector): Operation {
  const requestBody = spec.body
    ? { required: false, content: jsonContent(schemas.convert(spec.body, 'input')) }
    : spec.rawBody && { required: spec.rawBody.required ?? true, description: spec.rawBody.description, content: mapContent(spec.rawBody.content) };
  const params = parameters(route, spec, schemas);
  return {
    operationId: spec.operationId,
    summary: spec.summary,
    ...(spec.description && { description: spec.description }),
    tags: [spec.tag],
    ...(params.length > 0 && { parameters: params }),
    ...(requestBody && { requestBody }),
    responses: { ...answers, ...errorResponses(route, spec) },
  };
}

/** Paths and component schemas of the mounted /api routes (answers are converted first: json-schema.ts). */
export function describeApi(app: Hono): DocumentBody {
  const schemas = createSchemaCollector();
  schemas.convert(errorSchema, 'output'); // every error answer refers to it
  const routes = mountedApiRoutes(app).filter((r): r is MountedRoute & { spec: RouteSpec<unknown, unknown> } => r.spec !== undefined);
  const answers = routes.map((r) => responses(r.spec, schemas));
  const paths: Paths = {};
  routes.forEach((r, i) => {
    const path = openApiPath(r.path);
    paths[path] = { ...paths[path], [r.method]: operation(r, r.spec, answers[i], schemas) };
  });
  return { paths, schemas: schemas.schemas() };
}

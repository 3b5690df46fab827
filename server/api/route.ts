// route(app, method, path, spec, handler): one declaration per API route that both validates its input
// and describes it in GET /api/openapi.json (server/api/openapi/document.ts). The handler receives
// the query and JSON body already parsed by the very schemas the document is generated from, so the
// description cannot drift from the code. Adding a route: declare its spec here-style, nothing else.
import type { Context as HonoContext, Hono } from 'hono';
import { findTargetHandler } from 'hono/utils/handler';
import type { z } from 'zod';
import { jsonBody, parseWith } from './validate.js';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** A JSON Schema object as it appears in the document (for bodies that are not described by zod). */
export type SchemaObject = Record<string, unknown>;

export interface ResponseSpec {
  description: string;
  /** application/json body. */
  schema?: z.ZodType;
  /** Other media types (a raw body, a stream): media type -> JSON Schema. */
  content?: Record<string, SchemaObject>;
  headers?: Record<string, { description: string; schema: SchemaObject }>;
}

export interface RouteSpec<Q, B> {
  /** Unique, camelCase: what generated clients name the method. */
  operationId: string;
  summary: string;
  description?: string;
  tag: 'bins' | 'requests' | 'events' | 'live' | 'meta' | (string & {});
  /** Query parameters: parsed (400 invalid_query) and handed to the handler as `input.query`. */
  query?: z.ZodType<Q>;
  /** JSON body: parsed (400 invalid_json / invalid_body) and handed over as `input.body`. */
  body?: z.ZodType<B>;
  /** A body that is not JSON, read by the handler itself (a file upload): documented only. */
  rawBody?: { description: string; required?: boolean; content: Record<string, SchemaObject> };
  /** Successful answers by status. */
  responses: Record<number, ResponseSpec>;
  /** Error answers by status, each with the codes it may carry; all use the one error shape. */
  errors?: Record<number, string[]>;
}

export interface RouteInput<Q, B> {
  query: Q;
  body: B;
}

export type RouteHandler<Q, B> = (c: HonoContext, input: RouteInput<Q, B>) => Response | Promise<Response>;

// Handler function -> its spec. Hono's app.routes keeps the handler objects (wrapped when a sub-app has
// its own error handler: findTargetHandler unwraps), so the document is built from what is mounted.
const specs = new WeakMap<object, RouteSpec<unknown, unknown>>();

export function route<Q = undefined, B = undefined>(
  app: Hono,
  method: Method,
  path: string,
  spec: RouteSpec<Q, B>,
  handler: RouteHandler<Q, B>,
): void {
  const handle = async (c: HonoContext): Promise<Response> => {
    const query = spec.query ? parseWith(spec.query, c.req.query(), 'invalid_query') : undefined;
    const body = spec.body ? await jsonBody(c, spec.body) : undefined;
    return handler(c, { query, body } as RouteInput<Q, B>);
  };
  specs.set(handle, spec as RouteSpec<unknown, unknown>);
  app.on(method.toUpperCase(), path, handle);
}

/** The spec a mounted handler was declared with, if any. */
export function routeSpecOf(handler: object): RouteSpec<unknown, unknown> | undefined {
  return specs.get(findTargetHandler(handler as Parameters<typeof findTargetHandler>[0]));
}

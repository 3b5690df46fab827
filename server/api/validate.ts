// Request validation with zod: one place that turns bad input into a 400 with a clear message
// (route.ts applies it to each route's declared query and body).
import type { Context as HonoContext } from 'hono';
import { z } from 'zod';
import { httpError } from '../errors.js';

export async function jsonBody<T>(c: HonoContext, schema: z.ZodType<T>): Promise<T> {
  let raw: unknown;
  const text = await c.req.text();
  if (text.trim() === '') raw = {};
  else {
    try {
      raw = JSON.parse(text);
    } catch {
      throw httpError(400, 'invalid_json', 'the request body is not valid JSON');
    }
  }
  return parseWith(schema, raw, 'invalid_body');
}

export function parseWith<T>(schema: z.ZodType<T>, raw: unknown, code: string): T {
  const result = schema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue.path.length > 0 ? issue.path.join('.') + ': ' : '';
    throw httpError(400, code, where + issue.message);
  }
  return result.data;
}

export const intParam = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

// Named schemas of the API: they become #/components/schemas/<id> in GET /api/openapi.json, and
// generated clients name their classes after them. zod's global registry holds the ids, as it holds
// every `.describe()` text: the document is converted with it.
import type { z } from 'zod';

/** `schema` registered under `id` (zod's `.meta`: a copy carrying the id). */
export function named<T extends z.ZodType>(id: string, description: string, schema: T): T {
  return schema.meta({ id, description });
}

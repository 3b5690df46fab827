// zod 4 -> the JSON Schema of an OpenAPI 3.1 document (whose dialect is JSON Schema 2020-12, what
// z.toJSONSchema emits). Schemas named in wire-schemas.ts's registry become $refs into
// #/components/schemas, collected here as they are met (server/api/components.ts).
import { z } from 'zod';
import type { SchemaObject } from '../route.js';

const DEFS = '#/$defs/';
const COMPONENTS = '#/components/schemas/';

export interface SchemaCollector {
  /** `io: 'input'` for what the API reads (defaults optional, coercions as their input), 'output' for answers. */
  convert(schema: z.ZodType, io: 'input' | 'output'): SchemaObject;
  /**
   * Every named schema met so far, by id. Convert answers first: a schema whose input form differs
   * from its output form then gets `<id>Input` for the input form.
   */
  schemas(): Record<string, SchemaObject>;
}

function rewriteRefs(value: unknown, rename: (id: string) => string): unknown {
  if (Array.isArray(value)) return value.map((v) => rewriteRefs(v, rename));
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (key === '$ref' && typeof v === 'string' && v.startsWith(DEFS)) out[key] = COMPONENTS + rename(v.slice(DEFS.length));
    else out[key] = rewriteRefs(v, rename);
  }
  return out;
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

export function createSchemaCollector(): SchemaCollector {
  const collected: Record<string, SchemaObject> = {};
  return {
    convert(schema, io) {
      const json = z.toJSONSchema(schema, { metadata: z.globalRegistry, io, target: 'draft-2020-12', unrepresentable: 'any' }) as SchemaObject;
      const defs = (json.$defs ?? {}) as Record<string, SchemaObject>;
      delete json.$defs;
      delete json.$schema;
      // A named schema that reads differently as input (defaults, non-strict objects) than as output
      // keeps its id for the output form and gets `<id>Input` for the input form.
      const names = new Map<string, string>();
      const rename = (id: string): string => names.get(id) ?? id;
      for (const [id, def] of Object.entries(defs)) {
        const known = collected[id];
        const clash = known !== undefined && !same(known, rewriteRefs(def, (x) => x));
        if (clash && io === 'output') throw new Error(`openapi: convert answers before inputs (schema "${id}")`);
        names.set(id, clash ? `${id}Input` : id);
      }
      for (const [id, name] of names) collected[name] ??= rewriteRefs(defs[id], rename) as SchemaObject;
      return rewriteRefs(json, rename) as SchemaObject;
    },
    schemas: () => collected,
  };
}

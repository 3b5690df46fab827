// Checks answers against GET /api/openapi.json: finds the operation of a (method, path) by its path
// template and validates the JSON body against the documented schema with ajv (JSON Schema 2020-12,
// the dialect of OpenAPI 3.1), $refs resolved inside the document.
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

export interface Exchange {
  method: string;
  path: string;
  status: number;
  contentType: string | null;
  body: unknown;
}

type Doc = { paths: Record<string, Record<string, { operationId?: string; responses: Record<string, Record<string, unknown>> }>> };

const DOC_ID = 'https://hookscope.test/openapi.json';
function resolve(doc: unknown, ref: string): unknown {
  let at = doc;
  for (const part of ref.replace(/^#\//, '').split('/')) at = (at as Record<string, unknown>)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  return at;
}

const pointer = (...parts: string[]) => parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

export function createChecker(doc: Doc) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  ajv.addSchema({ ...doc, $id: DOC_ID });
  const templates = Object.keys(doc.paths).map((t) => ({
    template: t,
    re: new RegExp('^' + t.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}/g, '[^/]+') + '$'),
  }));

  function templateOf(path: string): string | undefined {
    return templates.find((t) => t.re.test(path))?.template;
  }

  /** Problems with one exchange: undocumented path, method or status, or a body that does not validate. */
  function check(x: Exchange): string[] {
    const template = templateOf(x.path);
    if (!template) return [`${x.method} ${x.path}: no such path in the document`];
    const method = x.method.toLowerCase();
    const op = doc.paths[template][method];
    if (!op) return [`${x.method} ${template}: method not documented`];
    const where = `${x.method} ${template} ${x.status}`;
    let base = `#/paths/${pointer(template)}/${method}/responses/${x.status}`;
    let response = op.responses[String(x.status)];
    if (typeof response?.$ref === 'string') {
      base = response.$ref;
      response = resolve(doc, response.$ref) as Record<string, unknown>;
    }
    if (!response) return [`${where}: status not documented`];
    const content = response.content as Record<string, unknown> | undefined;
    if (!content) return x.body === undefined ? [] : [`${where}: documented without a body, got one`];
    const media = (x.contentType ?? '').split(';')[0].trim().toLowerCase();
    if (!content[media] && !content['*/*']) return [`${where}: ${x.contentType} is not a documented media type (${Object.keys(content).join(', ')})`];
    if (media !== 'application/json' || !content[media]) return [];
    const ref = `${DOC_ID}${base}/content/application~1json/schema`;
    const validate = ajv.getSchema(ref) ?? ajv.compile({ $ref: ref });
    if (validate(x.body)) return [];
    return [`${where}: ${ajv.errorsText(validate.errors, { separator: '; ' })}`];
  }

  return { check, templateOf };
}

/** A fetch that records every answer of the API (method, path, status, JSON body). */
export function recordingFetch(log: Exchange[]): (input: string, init?: RequestInit) => Promise<Response> {
  return async (input, init) => {
    const res = await fetch(input, init);
    const text = await res.clone().text();
    const contentType = res.headers.get('content-type');
    let body: unknown = undefined;
    if (text !== '' && contentType?.startsWith('application/json')) body = JSON.parse(text);
    log.push({ method: init?.method ?? 'GET', path: new URL(input).pathname, status: res.status, contentType, body });
    return res;
  };
}

// The Webhook Relay `webhook` message (seeds/004: "Schema"), built from a stored request.
import type { StoredRequest } from '../store/index.js';
import { encodeBody } from '../store/request-row.js';

export interface RelayMeta {
  /** Spelled so in Webhook Relay's own schema; kept for clients that read it. */
  bucked_id: string;
  bucket_id: string;
  bucket_name: string;
  input_id: string;
  input_name: string;
  /** hookscope extension: the stored request id (GET /api/bins/:bin/requests/:id). */
  request_id: number;
}

export interface RelayWebhook {
  type: 'webhook';
  meta: RelayMeta;
  headers: Record<string, string[]>;
  query: string;
  body: string;
  /** Present only when the body is not valid UTF-8 and was base64-encoded. */
  bodyEncoding?: 'base64';
  method: string;
}

/** Headers grouped by their name as received (original case), first appearance first, values in arrival order. */
export function groupHeaders(rawHeaders: readonly string[]): Record<string, string[]> {
  const groups = new Map<string, string[]>();
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const values = groups.get(rawHeaders[i]);
    if (values) values.push(rawHeaders[i + 1]);
    else groups.set(rawHeaders[i], [rawHeaders[i + 1]]);
  }
  // fromEntries defines own properties, so a header named __proto__ stays a plain key.
  return Object.fromEntries(groups);
}

export function relayWebhook(stored: StoredRequest): RelayWebhook {
  const { summary } = stored;
  const body = encodeBody(stored.body);
  return {
    type: 'webhook',
    meta: {
      bucked_id: summary.bin,
      bucket_id: summary.bin,
      // A named bin's id is its name; an unnamed bin has only its id.
      bucket_name: summary.bin,
      input_id: summary.bin,
      input_name: 'Default public endpoint',
      request_id: summary.id,
    },
    headers: groupHeaders(stored.rawHeaders),
    query: summary.query,
    body: body.body,
    ...(body.bodyEncoding === 'base64' ? { bodyEncoding: 'base64' as const } : {}),
    method: summary.method,
  };
}

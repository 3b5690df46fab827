// MCP tools over decoded events and signatures: list_events, wait_for_event, explain_signature.
import { z } from 'zod';
import { signatureReport } from '../../core/signature-explain.js';
import type { RequestDetail } from '../../core/wire.js';
import { HookscopeWaitError } from '../../sdk/errors.js';
import type { After } from '../../sdk/types.js';
import { decodedEvent, eventWithRequest, requestSummary, signatureVerdict } from '../api/wire-schemas.js';
import { formatSummary } from '../tail/tail-cli.js';
import { verifyRequest } from '../verify/index.js';
import { eventLine, nearMissLines } from './format.js';
import { tool } from './tool.js';
import { binArg, eventFilter } from './tools-bins.js';

const cursor = z.string().regex(/^\d+(:\d+)?$/).describe('a request id or "<requestId>:<index>"');

export const listEvents = tool({
  name: 'list_events',
  title: 'List decoded events',
  description: 'Decoded webhook events across a bin\'s requests (a Pusher batch holds several), newest first, each with its request\'s summary. Filters match exactly. Page back by passing `next` as `before`.',
  input: z.object({ bin: binArg, ...eventFilter, limit: z.number().int().min(1).max(1000).default(50), before: cursor.optional(), after: cursor.optional() }),
  output: z.object({ events: z.array(eventWithRequest), next: z.string().nullable() }),
  readOnly: true,
  async run({ bin: id, ...filter }, { client }) {
    const events = await (await client.bin(id)).events(filter);
    const last = events.at(-1);
    const next = events.length === filter.limit && last ? `${last.requestId}:${last.index}` : null;
    const text = events.length === 0 ? `No events in bin ${id} match.` : events.map(eventLine).join('\n') + (next ? `\n(more: before=${next})` : '');
    return { text, structured: { events, next } };
  },
});

const nearMiss = z.object({ event: decodedEvent.nullable(), request: requestSummary.nullable(), differs: z.array(z.string()) });

export const waitForEvent = tool({
  name: 'wait_for_event',
  title: 'Wait for a webhook event',
  description: 'Blocks until an event matching the filter is stored, then returns it with its request; on timeout, says what came instead (near misses). By default only events stored after this call starts count: if the webhook may already have arrived (you triggered it first), pass `after` = the newest request id seen before triggering (list_requests), or 0 to accept anything stored (right for a bin you just created).',
  input: z.object({
    bin: binArg,
    ...eventFilter,
    method: z.string().optional().describe('HTTP method of the carrying request'),
    signature: z.enum(['valid', 'invalid', 'unsigned', 'no_secret']).optional().describe('signature verdict of the carrying request'),
    after: z.union([z.number().int().min(0), cursor]).optional().describe('count only events after this request id or "<requestId>:<index>"; 0: everything stored'),
    timeout: z.number().int().min(0).max(60_000).default(10_000).describe('milliseconds'),
  }),
  output: z.object({
    matched: z.boolean(),
    event: decodedEvent.optional(),
    request: requestSummary.optional(),
    message: z.string().optional(),
    nearMisses: z.array(nearMiss).optional(),
  }),
  readOnly: true,
  async run({ bin: id, after, timeout, method, signature, ...match }, { client }, signal) {
    const bin = await client.bin(id);
    try {
      const { request, ...event } = await bin.waitForEvent(match, { timeout, after: after as After | undefined, method, signature, signal });
      const text = `Matched ${eventLine(event)}\nin request ${formatSummary(request)}`;
      return { text, structured: { matched: true, event, request } };
    } catch (err) {
      if (!(err instanceof HookscopeWaitError)) throw err;
      const lines = [`No match: ${err.message}`];
      if (err.nearMisses.length > 0) lines.push('Near misses (newest first):', ...nearMissLines(err.nearMisses));
      return { text: lines.join('\n'), structured: { matched: false, message: err.message, nearMisses: err.nearMisses } };
    }
  },
});

const bodyBytes = (d: RequestDetail): Buffer => Buffer.from(d.body, d.bodyEncoding === 'base64' ? 'base64' : 'utf8');

export const explainSignature = tool({
  name: 'explain_signature',
  title: 'Explain a request\'s signature',
  description: 'Why a request\'s signature is valid, invalid, unsigned or unverifiable: scheme, key, expected vs received digest, warnings (content type, upper-case hex). With `secret`, checks the stored bytes against that secret instead of the bin\'s (nothing is saved): "is this the right secret?"',
  input: z.object({
    bin: binArg,
    id: z.number().int().min(1).describe('the request id'),
    secret: z.string().min(1).optional().describe('a candidate secret (Pusher app secret or ts-broadcasting secret)'),
    key: z.string().min(1).optional().describe('Pusher app key for the candidate secret (default: the request\'s X-Pusher-Key)'),
  }),
  output: z.object({ checkedWith: z.enum(['bin', 'given_secret']), verdict: signatureVerdict, stored: signatureVerdict, explanation: z.array(z.string()) }),
  readOnly: true,
  async run({ bin: id, id: requestId, secret, key }, { client }) {
    const detail = await (await client.bin(id)).request(requestId);
    let verdict = detail.signature;
    if (secret !== undefined) {
      const headerKey = detail.rawHeaders.find((h, i) => i % 2 === 0 && h.toLowerCase() === 'x-pusher-key');
      const requestKey = headerKey === undefined ? undefined : detail.rawHeaders[detail.rawHeaders.indexOf(headerKey) + 1];
      const input = { rawHeaders: detail.rawHeaders, body: bodyBytes(detail), contentType: detail.contentType };
      verdict = verifyRequest(input, { pusher: [{ key: key ?? requestKey ?? '', secret }], secret });
    }
    const explanation = signatureReport(verdict);
    const head = secret === undefined ? `Request #${requestId} as stored, with the bin's secrets:` : `Request #${requestId} checked with the given secret (the bin is unchanged):`;
    const text = [head, ...explanation.map((l) => '  ' + l)].join('\n');
    return { text, structured: { checkedWith: secret === undefined ? 'bin' : 'given_secret', verdict, stored: detail.signature, explanation } };
  },
});

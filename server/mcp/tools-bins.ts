// MCP tools over bins and requests: list_bins, create_bin, list_requests, get_request.
import { z } from 'zod';
import { signatureReport } from '../../core/signature-explain.js';
import { binSchema, requestDetail, requestSummary } from '../api/wire-schemas.js';
import { binLine, binText, detailText, summaryLines } from './format.js';
import { tool } from './tool.js';

export const binArg = z.string().min(1).describe('the bin id (a named bin\'s id is its name)');
const credential = z.object({ key: z.string().min(1), secret: z.string().min(1) });
const signature = z.enum(['valid', 'invalid', 'unsigned', 'no_secret']);
export const eventFilter = {
  name: z.string().optional().describe('webhook event name, exact: member_added, channel_occupied, client_event, ...'),
  channel: z.string().optional().describe('channel name, exact'),
  event: z.string().optional().describe('a client event\'s own name (client-typing)'),
  userId: z.string().optional().describe('presence user id'),
};

export const listBins = tool({
  name: 'list_bins',
  title: 'List bins',
  description: 'Every bin on this hookscope, most recently active first, with its capture URL and request count.',
  input: z.object({}),
  output: z.object({ bins: z.array(binSchema) }),
  readOnly: true,
  async run(_args, { client }) {
    const bins = await client.bins();
    return { text: bins.length === 0 ? 'No bins yet.' : bins.map(binLine).join('\n'), structured: { bins } };
  },
});

export const createBin = tool({
  name: 'create_bin',
  title: 'Create a bin',
  description: 'Creates a bin (random unguessable id unless `name` is given) and returns the URL senders post to. Give Pusher/soketi/sockudo `pusher` credentials or a ts-broadcasting `secret` so signatures are checked.',
  input: z.object({
    name: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/).optional().describe('a readable, stable id'),
    pusher: z.array(credential).optional().describe('Pusher app key/secret pairs'),
    secret: z.string().min(1).optional().describe('ts-broadcasting webhook secret'),
  }),
  output: z.object(binSchema.shape), // unnamed copy: an MCP output schema is an object at the top, not a $ref
  readOnly: false,
  async run(args, { client }) {
    const bin = await client.createBin(args);
    const info = await bin.info();
    return { text: binText(info, true), structured: info };
  },
});

export const listRequests = tool({
  name: 'list_requests',
  title: 'List captured requests',
  description: 'Captured requests of a bin, newest first: id, method, path, answer, size, signature verdict, decoded event names. Page back with `before` (the last id of a page).',
  input: z.object({
    bin: binArg,
    limit: z.number().int().min(1).max(200).default(20),
    before: z.number().int().min(0).optional().describe('only requests with a smaller id (next page)'),
    after: z.number().int().min(0).optional().describe('only requests with a larger id'),
    method: z.string().optional(),
    signature: signature.optional(),
    ...eventFilter,
    q: z.string().min(1).optional().describe('text in path, query or body'),
  }),
  output: z.object({ requests: z.array(requestSummary) }),
  readOnly: true,
  async run({ bin: id, ...filter }, { client }) {
    const requests = await (await client.bin(id)).requests(filter);
    return { text: summaryLines(requests, `No requests in bin ${id} match.`), structured: { requests } };
  },
});

export const getRequest = tool({
  name: 'get_request',
  title: 'Read one request',
  description: 'One captured request in full: headers in arrival order, the body as text (base64 when not UTF-8), the decoded events, and the signature verdict with its explanation.',
  input: z.object({
    bin: binArg,
    id: z.number().int().min(1).describe('the request id'),
    maxBodyChars: z.number().int().min(0).max(1_000_000).default(20_000).describe('longer bodies are cut (bodyCut: true)'),
  }),
  output: requestDetail.partial({ forwarded: true }).extend({ bodyCut: z.boolean(), signatureExplanation: z.array(z.string()) }),
  readOnly: true,
  async run({ bin: id, id: requestId, maxBodyChars }, { client }) {
    const detail = await (await client.bin(id)).request(requestId);
    const cut = detail.body.length > maxBodyChars;
    const body = cut ? detail.body.slice(0, maxBodyChars) : detail.body;
    const signatureExplanation = signatureReport(detail.signature);
    return {
      text: detailText(detail, { text: body, cut }),
      structured: { ...detail, body, bodyCut: cut, signatureExplanation },
    };
  },
});

// The readable half of each MCP tool result: plain text an agent (or a person) reads, beside the
// structured content. Untrusted payloads stay text.
import { signatureReport } from '../../core/signature-explain.js';
import type { Bin, DecodedEvent, RequestDetail, RequestSummary } from '../../core/wire.js';
import type { NearMiss } from '../../sdk/types.js';
import { formatSummary } from '../tail/tail-cli.js';

const time = (ms: number): string => new Date(ms).toISOString();

export function binLine(b: Bin): string {
  const secrets = [b.pusher.length > 0 && `pusher keys ${b.pusher.map((c) => c.key).join(', ')}`, b.secret !== null && 'ts-broadcasting secret']
    .filter(Boolean)
    .join(', ');
  return `${b.id}  ${b.requestCount} requests  last activity ${time(b.lastActivityAt)}  ${b.url}${secrets ? `  (${secrets})` : ''}`;
}

export function binText(b: Bin, created: boolean): string {
  return [
    `${created ? 'Created bin' : 'Bin'} ${b.id}.`,
    `Senders post to ${b.url} (any method, any sub-path); watch it at ${b.viewerUrl}.`,
    b.pusher.length > 0 ? `Pusher keys: ${b.pusher.map((c) => c.key).join(', ')}.` : 'No Pusher credentials: Pusher signatures show as no_secret.',
    b.secret !== null ? 'ts-broadcasting secret set.' : '',
  ].filter(Boolean).join('\n');
}

export function summaryLines(list: readonly RequestSummary[], none: string): string {
  return list.length === 0 ? none : list.map(formatSummary).join('\n');
}

export function eventLine(e: DecodedEvent): string {
  const parts = [`#${e.requestId}:${e.index}`, e.name];
  if (e.event !== undefined) parts.push(e.event);
  if (e.channel !== undefined) parts.push(`on ${e.channel}`);
  if (e.userId !== undefined) parts.push(`user ${e.userId}`);
  if (e.socketId !== undefined) parts.push(`socket ${e.socketId}`);
  if (e.time !== undefined) parts.push(`at ${time(e.time)}`);
  if (e.data !== undefined) parts.push(`data ${JSON.stringify(e.data)}`);
  return parts.join(' ');
}

export function detailText(r: RequestDetail, body: { text: string; cut: boolean }): string {
  const headers: string[] = [];
  for (let i = 0; i + 1 < r.rawHeaders.length; i += 2) headers.push(`  ${r.rawHeaders[i]}: ${r.rawHeaders[i + 1]}`);
  const answered = r.response ? (r.response.dropped ? 'dropped' : String(r.response.status)) : '?';
  return [
    `Request #${r.id} in bin ${r.bin}: ${r.method} ${r.path}${r.query ? '?' + r.query : ''} -> ${answered}`,
    `received ${time(r.receivedAt)} from ${r.remoteAddress ?? 'unknown'}, ${r.size} B${r.truncated ? ' (truncated: larger than --max-body)' : ''}, ${r.contentType ?? 'no content type'}`,
    r.attempt !== undefined && r.attempt > 1 ? `retry: attempt ${r.attempt} of request #${r.retryOf}` : '',
    '',
    'Signature:',
    ...signatureReport(r.signature).map((l) => '  ' + l),
    '',
    `Headers (${headers.length}, in arrival order):`,
    ...headers,
    '',
    r.events.length > 0 ? `Events (${r.events.length}, decoder ${r.decoder}):` : `Events: none (decoder ${r.decoder ?? 'none'})`,
    ...r.events.map((e) => '  ' + eventLine(e)),
    '',
    `Body (${r.bodyEncoding === 'utf8' ? 'UTF-8 text' : 'not UTF-8: base64'}${body.cut ? `, first ${body.text.length} characters` : ''}):`,
    body.text,
  ].filter((line, i, all) => line !== '' || all[i - 1] !== '').join('\n');
}

export function nearMissLines(misses: readonly NearMiss[]): string[] {
  return misses.map((m) => {
    const what = m.event ? eventLine(m.event) : m.request ? `request #${m.request.id} ${m.request.method} ${m.request.path} (no events)` : 'an arrival';
    return `  ${what}${m.differs.length > 0 ? `  (differs: ${m.differs.join(', ')})` : ''}`;
  });
}

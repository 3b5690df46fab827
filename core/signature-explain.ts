// What a signature verdict means, in sentences a person (or an agent) can act on. Shared by the
// viewer's signature panel and the MCP tools (server/mcp).
import type { SignatureVerdict } from './wire.js';

const REASONS: Record<string, string> = {
  unknown_key: 'The request names an app key this bin has no secret for.',
  mismatch: 'The digest does not match: the body was altered on the way, or it was signed with another secret.',
  malformed: 'The signature header is not a hex digest of the right length.',
  uppercase_hex: 'The digest is upper-case hex; Pusher libraries compare lower-case and would reject it.',
  missing_key: 'The request carries a signature but no X-Pusher-Key header to choose the secret.',
  missing_signature: 'The request names a key but carries no signature.',
};

/** One sentence: what the verdict means. */
export function explainSignature(v: SignatureVerdict): string {
  if (v.status === 'valid') return 'The signature matches the raw body and the secret: this request is authentic.';
  if (v.status === 'unsigned') return 'The request carries no signature header hookscope knows.';
  if (v.status === 'no_secret') return 'The request is signed, but this bin has no secret to check it with. Set one below.';
  return (v.reason && REASONS[v.reason]) || 'The signature does not verify.';
}

export function schemeLabel(v: SignatureVerdict): string {
  if (v.scheme === 'pusher') return 'Pusher (X-Pusher-Signature, HMAC-SHA256)';
  if (v.scheme === 'ts-broadcasting') return 'ts-broadcasting (HMAC-SHA256)';
  return 'No known scheme';
}

/** Every line that explains a verdict: status and scheme, the sentence, the server's message, digests, warnings. */
export function signatureReport(v: SignatureVerdict): string[] {
  const sentence = explainSignature(v).replace(' Set one below.', ' Give the bin its secret (PATCH /api/bins/:bin).');
  const lines = [`${v.status}: ${schemeLabel(v)}${v.key ? `, key ${v.key}` : ''}`, sentence];
  if (v.message && v.message !== explainSignature(v)) lines.push(v.message);
  if (v.expected) lines.push(`expected digest: ${v.expected}`);
  if (v.received) lines.push(`received digest: ${v.received}`);
  for (const w of v.warnings ?? []) lines.push(`warning: ${w}`);
  return lines;
}

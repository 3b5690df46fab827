import type { Bin, SignatureVerdict } from '../../core/wire.js';
import type { BinInput } from '../api.js';
import { SecretsForm } from './secrets-form.js';
import { SignatureBadge } from './signature-badge.js';

const REASONS: Record<string, string> = {
  unknown_key: 'The request names an app key this bin has no secret for.',
  mismatch: 'The digest does not match: the body was altered on the way, or it was signed with another secret.',
  malformed: 'The signature header is not a hex digest of the right length.',
  uppercase_hex: 'The digest is upper-case hex; Pusher libraries compare lower-case and would reject it.',
  missing_key: 'The request carries a signature but no X-Pusher-Key header to choose the secret.',
  missing_signature: 'The request names a key but carries no signature.',
};

function explain(v: SignatureVerdict): string {
  if (v.status === 'valid') return 'The signature matches the raw body and the secret: this request is authentic.';
  if (v.status === 'unsigned') return 'The request carries no signature header hookscope knows.';
  if (v.status === 'no_secret') return 'The request is signed, but this bin has no secret to check it with. Set one below.';
  return (v.reason && REASONS[v.reason]) || 'The signature does not verify.';
}

/** Digest hex with the first differing character marked, so a near-miss is visible. */
function Digest({ label, value, other }: { label: string; value: string; other?: string }) {
  let split = value.length;
  if (other !== undefined) for (let i = 0; i < value.length; i++) if (value[i] !== other[i]) { split = i; break; }
  return (
    <div class="digest">
      <span class="digest-label">{label}</span>
      <code>
        {value.slice(0, split)}
        {split < value.length && <mark>{value.slice(split)}</mark>}
      </code>
    </div>
  );
}

interface Props {
  verdict: SignatureVerdict;
  bin: Bin | null;
  onSave: (patch: BinInput) => Promise<{ ok: true } | { ok: false; message: string }>;
}

export function SignaturePanel({ verdict: v, bin, onSave }: Props) {
  const wantsSecret = v.status !== 'valid' && v.status !== 'unsigned';
  return (
    <section class={`sig-panel sig-panel-${v.status}`} aria-label="Signature">
      <div class="sig-head">
        <SignatureBadge verdict={v} />
        <span class="sig-scheme">{v.scheme === 'pusher' ? 'Pusher (X-Pusher-Signature, HMAC-SHA256)' : v.scheme === 'ts-broadcasting' ? 'ts-broadcasting (HMAC-SHA256)' : 'No known scheme'}</span>
        {v.key && <span class="muted">key <code>{v.key}</code></span>}
      </div>
      <p class="sig-explain">{explain(v)}</p>
      {v.message && v.message !== explain(v) && <p class="muted small">{v.message}</p>}
      {v.status === 'invalid' && v.expected && v.received && (
        <div class="digests">
          <Digest label="expected" value={v.expected} other={v.received} />
          <Digest label="received" value={v.received} other={v.expected} />
        </div>
      )}
      {v.status !== 'invalid' && v.received && !v.expected && <Digest label="received" value={v.received} />}
      {(v.warnings?.length ?? 0) > 0 && (
        <ul class="warnings">
          {v.warnings?.map((w) => <li>{w}</li>)}
        </ul>
      )}
      {bin && (
        <details class="secrets" open={wantsSecret}>
          <summary>{bin.pusher.length > 0 || bin.secret !== null ? 'Change the bin’s secrets' : 'Set the bin’s secrets'}</summary>
          <SecretsForm bin={bin} suggestedKey={v.key} onSave={onSave} compact />
        </details>
      )}
    </section>
  );
}

import { explainSignature as explain, schemeLabel } from '../../core/signature-explain.js';
import type { Bin, SignatureVerdict } from '../../core/wire.js';
import type { BinInput } from '../api.js';
import { SecretsForm } from './secrets-form.js';
import { SignatureBadge } from './signature-badge.js';

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
        <span class="sig-scheme">{schemeLabel(v)}</span>
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

import type { SignatureStatus, SignatureVerdict } from '../../core/wire.js';

const LABELS: Record<SignatureStatus, string> = {
  valid: 'valid',
  invalid: 'invalid',
  unsigned: 'unsigned',
  no_secret: 'no secret',
};

export const signatureLabel = (status: SignatureStatus): string => LABELS[status];

/** The signature verdict as a small badge with visible text (colour is never the only signal). */
export function SignatureBadge({ verdict }: { verdict: SignatureVerdict }) {
  const scheme = verdict.scheme === 'ts-broadcasting' ? 'ts-broadcasting' : verdict.scheme === 'pusher' ? 'Pusher' : '';
  const warned = verdict.status === 'valid' && (verdict.warnings?.length ?? 0) > 0;
  const title = verdict.message ?? (scheme ? `${scheme} signature: ${LABELS[verdict.status]}` : LABELS[verdict.status]);
  return (
    <span class={`badge sig sig-${verdict.status}${warned ? ' sig-warned' : ''}`} title={title} data-status={verdict.status}>
      {LABELS[verdict.status]}
      {warned ? ' !' : ''}
    </span>
  );
}

import type { Bin } from '../../core/wire.js';
import type { BinInput, ViewerDetail } from '../api.js';
import { formatDateTime, formatSize, requestUrl } from '../format.js';
import { ForwardPanel } from './forward-panel.js';
import { SignaturePanel } from './signature-panel.js';

interface Props {
  detail: ViewerDetail;
  bin: Bin | null;
  decoder: string | null;
  onSave: (patch: BinInput) => Promise<{ ok: true } | { ok: false; message: string }>;
}

function responseText(d: ViewerDetail): string {
  const r = d.response;
  if (!r) return '—';
  if (r.dropped) return 'connection dropped (no answer)';
  if (r.passthrough) return r.status === 0 ? "waiting for your app's answer (passthrough)" : `${r.status} · your app's answer (passthrough)`;
  const parts = [String(r.status)];
  if (r.step !== undefined) parts.push(`script step ${r.step + 1}`);
  if (r.delayMs) parts.push(`after ${r.delayMs} ms`);
  return parts.join(' · ');
}

export function OverviewTab({ detail: d, bin, decoder, onSave }: Props) {
  const rows: [string, string][] = [
    ['URL', requestUrl(bin?.url ?? location.origin, d.path, d.query)],
    ['Method', d.method],
    ['Received', formatDateTime(d.receivedAt)],
    ['From', d.remoteAddress ?? 'unknown'],
    ['Size', `${formatSize(d.size)}${d.size >= 1024 ? ` (${d.size.toLocaleString()} bytes)` : ''}${d.truncated ? ' · truncated at the size limit' : ''}`],
    ['Content type', d.contentType ?? '—'],
    ['Decoded as', decoder ?? d.decoder ?? '—'],
    ['Answered', responseText(d)],
  ];
  if ((d.attempt ?? 1) > 1) rows.push(['Retry', `attempt ${d.attempt} of the body first seen as #${d.retryOf}`]);
  return (
    <div class="overview">
      <dl class="facts">
        {rows.map(([k, v]) => (
          <div class="fact" key={k}>
            <dt>{k}</dt>
            <dd class={k === 'URL' ? 'mono wrap' : ''}>{v}</dd>
          </div>
        ))}
      </dl>
      {d.forwarded && <ForwardPanel forwarded={d.forwarded} />}
      <SignaturePanel verdict={d.signature} bin={bin} onSave={onSave} />
    </div>
  );
}

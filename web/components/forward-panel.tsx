import type { ForwardRecord } from '../../core/wire.js';
import { formatDateTime } from '../format.js';
import { KeyValueTable } from './key-value-table.js';

const PREVIEW = 4096;

function pairs(raw: string[]): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) out.push([raw[i], raw[i + 1]]);
  return out;
}

/** Where the request was forwarded and, for passthrough, the app's answer the sender got (as text only). */
export function ForwardPanel({ forwarded: f }: { forwarded: ForwardRecord }) {
  const passthrough = f.mode === 'passthrough';
  const outcome = f.status === null ? `no answer: ${f.error ?? 'unknown'}` : `${f.status}${f.durationMs === null ? '' : ` in ${f.durationMs} ms`}`;
  const tone = f.status === null || f.status >= 500 ? 'bad' : f.status >= 300 ? 'warn' : 'ok';
  const body = f.response && f.response.bodyEncoding === 'utf8' ? f.response.body : null;
  return (
    <section class="forward-panel" aria-label={passthrough ? 'Passthrough' : 'Forwarded'}>
      <div class="sig-head">
        <span class="sig-scheme">{passthrough ? 'Passed through to your app' : 'Forwarded to your app'}</span>
        <span class={`status-pill status-${tone}`} data-testid="upstream-status">{outcome}</span>
        <span class="muted small">{formatDateTime(f.at)}</span>
      </div>
      <code class="mono wrap small">{f.url}</code>
      {f.response && (
        <details class="upstream-answer" open>
          <summary>What the app answered{passthrough ? ' (and the sender got)' : ''}</summary>
          <KeyValueTable rows={pairs(f.response.rawHeaders)} empty="No headers." label="App answer headers" />
          {body !== null && body !== '' && <pre class="code wrap">{body.slice(0, PREVIEW)}{body.length > PREVIEW ? '…' : ''}</pre>}
          {f.response.bodyEncoding === 'base64' && <p class="muted small">Binary body ({f.response.body.length} base64 characters).</p>}
        </details>
      )}
    </section>
  );
}

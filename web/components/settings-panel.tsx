import type { BinInput, BinView } from '../api.js';
import { ResponseForm } from './response-form.js';
import { SecretsForm } from './secrets-form.js';
import { SnippetPanel } from './snippet-panel.js';

interface Props {
  bin: BinView;
  onSave: (patch: BinInput) => Promise<{ ok: true } | { ok: false; message: string }>;
  onClose: () => void;
}

/** The bin's settings: secrets, its scripted response, limits, and how to point a sender at it. */
export function SettingsPanel({ bin, onSave, onClose }: Props) {
  return (
    <aside class="settings" aria-label="Bin settings">
      <header class="settings-head">
        <h2>Settings · {bin.name ?? bin.id}</h2>
        <button type="button" class="btn btn-icon" aria-label="Close settings" title="Close (Esc)" onClick={onClose}>×</button>
      </header>
      <section class="settings-section">
        <h3>Signature secrets</h3>
        <p class="muted small">Pusher, soketi and sockudo sign with the app secret (X-Pusher-Signature); ts-broadcasting with its webhook secret. Saving verifies every stored request again.</p>
        <SecretsForm bin={bin} onSave={onSave} />
      </section>
      <section class="settings-section">
        <h3>Response</h3>
        <p class="muted small">What every captured request is answered with. Use it to watch a sender retry (soketi does not, sockudo retries 5xx and 429).</p>
        <ResponseForm current={bin.response} onSave={onSave} />
      </section>
      <section class="settings-section">
        <h3>Limits</h3>
        <p class="muted small">Keeps the newest {bin.maxRequests.toLocaleString()} requests for {Math.round(bin.ttl / 3_600_000).toLocaleString()} h.</p>
      </section>
      <SnippetPanel url={bin.url} title="Sender configuration" />
    </aside>
  );
}

import { useState } from 'preact/hooks';
import type { ApiResult, ReplayAnswer, ReplayInput } from '../api.js';
import { bodyBytes, formatSize } from '../format.js';

const STORAGE_KEY = 'hookscope.replayUrl';
const PREVIEW = 4096;

function rememberedUrl(): string {
  try {
    return localStorage.getItem(STORAGE_KEY) ?? '';
  } catch {
    return '';
  }
}

interface Props {
  id: number;
  onReplay: (id: number, input: ReplayInput) => Promise<ApiResult<ReplayAnswer>>;
}

/** Sends the request again, byte for byte, to the developer's app, and shows what it answered. */
export function ReplayForm({ id, onReplay }: Props) {
  const [url, setUrl] = useState(rememberedUrl);
  const [resign, setResign] = useState(false);
  const [key, setKey] = useState('');
  const [secret, setSecret] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<ApiResult<ReplayAnswer> | null>(null);

  const submit = async (e: Event) => {
    e.preventDefault();
    const input: ReplayInput = { url: url.trim() };
    if (resign && secret !== '') input.resign = key === '' ? { secret } : { key, secret };
    setBusy(true);
    const result = await onReplay(id, input);
    setBusy(false);
    setOutcome(result);
    try {
      localStorage.setItem(STORAGE_KEY, input.url);
    } catch {
      // Private mode: nothing to remember.
    }
  };

  return (
    <form class="replay" onSubmit={submit} aria-label="Replay request">
      <div class="replay-row">
        <input type="url" required name="replayUrl" placeholder="http://localhost:3000/webhooks" value={url} spellcheck={false} onInput={(e) => setUrl(e.currentTarget.value)} />
        <button type="submit" class="btn btn-small btn-primary" disabled={busy || url.trim() === ''}>{busy ? 'Sending…' : `Send #${id}`}</button>
      </div>
      <label class="check">
        <input type="checkbox" checked={resign} onChange={(e) => setResign(e.currentTarget.checked)} />
        Re-sign with another secret
      </label>
      {resign && (
        <div class="row-2">
          <input name="resignKey" placeholder="app key (Pusher, optional)" value={key} spellcheck={false} onInput={(e) => setKey(e.currentTarget.value.trim())} />
          <input name="resignSecret" placeholder="secret" value={secret} spellcheck={false} onInput={(e) => setSecret(e.currentTarget.value)} />
        </div>
      )}
      {outcome && <ReplayOutcome outcome={outcome} />}
    </form>
  );
}

function ReplayOutcome({ outcome }: { outcome: ApiResult<ReplayAnswer> }) {
  if (!outcome.ok) return <p class="error-text" role="status">{outcome.message}</p>;
  const a = outcome.value;
  const bytes = bodyBytes(a.body, a.bodyEncoding);
  const text = a.bodyEncoding === 'utf8' ? a.body.slice(0, PREVIEW) : null;
  const tone = a.status < 300 ? 'ok' : a.status < 500 ? 'warn' : 'bad';
  return (
    <div class="replay-outcome" role="status">
      <div class="replay-meta">
        <span class={`status-pill status-${tone}`}>{a.status}</span>
        <span class="muted">{a.durationMs} ms · {formatSize(bytes.length)}{a.truncated ? ' (truncated)' : ''}</span>
      </div>
      {text !== null && text !== '' && <pre class="code wrap">{text}{a.body.length > PREVIEW ? '…' : ''}</pre>}
    </div>
  );
}

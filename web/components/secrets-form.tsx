import { useState } from 'preact/hooks';
import type { Bin } from '../../core/wire.js';
import type { BinInput, Credential } from '../api.js';

interface Props {
  bin: Bin;
  /** A key to offer first (the X-Pusher-Key of a request that named an unknown key). */
  suggestedKey?: string;
  onSave: (patch: BinInput) => Promise<{ ok: true } | { ok: false; message: string }>;
  compact?: boolean;
}

/**
 * Sets the bin's Pusher credentials and ts-broadcasting secret. Stored secrets come back masked, so
 * a row whose secret is left empty keeps its stored secret only if nothing else changes: saving
 * Pusher rows replaces the whole list, and needs every secret typed.
 */
export function SecretsForm({ bin, suggestedKey, onSave, compact }: Props) {
  const initial: Credential[] = bin.pusher.map((c) => ({ key: c.key, secret: '' }));
  if (suggestedKey && !initial.some((c) => c.key === suggestedKey)) initial.unshift({ key: suggestedKey, secret: '' });
  if (initial.length === 0) initial.push({ key: '', secret: '' });
  const [rows, setRows] = useState<Credential[]>(initial);
  const [tsSecret, setTsSecret] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  const setRow = (i: number, patch: Partial<Credential>) => setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));

  const submit = async (e: Event) => {
    e.preventDefault();
    const filled = rows.filter((r) => r.key !== '' || r.secret !== '');
    const complete = filled.filter((r) => r.key !== '' && r.secret !== '');
    const patch: BinInput = {};
    if (complete.length > 0) {
      if (complete.length !== filled.length) return setMessage({ ok: false, text: 'Every Pusher key needs its secret: saving replaces the stored list.' });
      patch.pusher = complete;
    }
    if (tsSecret !== '') patch.secret = tsSecret;
    if (patch.pusher === undefined && patch.secret === undefined) return setMessage({ ok: false, text: 'Type a secret first.' });
    setBusy(true);
    const result = await onSave(patch);
    setBusy(false);
    setMessage(result.ok ? { ok: true, text: 'Saved. Every stored request was verified again.' } : { ok: false, text: result.message });
    if (result.ok) setTsSecret('');
  };

  return (
    <form class={`secrets-form${compact ? ' compact' : ''}`} onSubmit={submit} aria-label="Bin secrets">
      <div class="cred-rows">
        {rows.map((r, i) => (
          <div class="cred-row" key={i}>
            <input aria-label="Pusher app key" name="pusherKey" placeholder="app key" value={r.key} autocomplete="off" spellcheck={false} onInput={(e) => setRow(i, { key: e.currentTarget.value.trim() })} />
            <input aria-label="Pusher app secret" name="pusherSecret" placeholder={bin.pusher.find((c) => c.key === r.key)?.secret ?? 'app secret'} value={r.secret} autocomplete="off" spellcheck={false} onInput={(e) => setRow(i, { secret: e.currentTarget.value })} />
            {rows.length > 1 && <button type="button" class="btn btn-small btn-ghost" title="Remove this key" onClick={() => setRows(rows.filter((_, j) => j !== i))}>Remove</button>}
          </div>
        ))}
        <button type="button" class="btn btn-small btn-ghost add-key" onClick={() => setRows([...rows, { key: '', secret: '' }])}>+ Add key (rotation)</button>
      </div>
      <label class="field">
        <span>ts-broadcasting secret{bin.secret !== null && <em class="muted"> (stored: {bin.secret})</em>}</span>
        <input name="tsSecret" placeholder={bin.secret ?? 'secret'} value={tsSecret} autocomplete="off" spellcheck={false} onInput={(e) => setTsSecret(e.currentTarget.value)} />
      </label>
      <div class="form-actions">
        <button type="submit" class="btn btn-primary" disabled={busy}>{busy ? 'Saving…' : 'Save and re-verify'}</button>
        {message && <span class={message.ok ? 'ok-text' : 'error-text'} role="status">{message.text}</span>}
      </div>
    </form>
  );
}

import { useState } from 'preact/hooks';
import { type SendDelivery, type SendInput, type SendServer, sendCatalog, sendServers } from '../../core/send.js';
import type { ApiResult, BinView } from '../api.js';
import { initialForm, type SendForm, sendInput, withEvent, withServer } from '../send-form.js';

interface Props {
  bin: BinView;
  onSend: (input: SendInput) => Promise<ApiResult<SendDelivery[]>>;
  onClose: () => void;
}

/** "Send a test webhook": hookscope plays soketi, sockudo, Pusher or ts-broadcasting, to this bin or your app. */
export function SendPanel({ bin, onSend, onClose }: Props) {
  const [form, setForm] = useState<SendForm>(initialForm);
  const [busy, setBusy] = useState(false);
  /** Sends answered so far: tells one outcome from the next. */
  const [sent, setSent] = useState(0);
  const [outcome, setOutcome] = useState<ApiResult<SendDelivery[]> | { ok: false; message: string } | null>(null);
  const set = (patch: Partial<SendForm>) => setForm((f) => ({ ...f, ...patch }));
  const tsb = form.server === 'ts-broadcasting';
  const events = sendCatalog[form.server].events;
  const showData = tsb || form.event === 'client_event';

  const submit = async (e: Event) => {
    e.preventDefault();
    const input = sendInput(form, bin);
    if (typeof input === 'string') return setOutcome({ ok: false, message: input });
    setBusy(true);
    setOutcome(null);
    const result = await onSend(input);
    setOutcome(result);
    setSent((n) => n + 1);
    setBusy(false);
  };

  return (
    <aside class="settings send-panel" aria-label="Send a test webhook">
      <header class="settings-head">
        <h2>Send a test webhook</h2>
        <button type="button" class="btn btn-icon" aria-label="Close" title="Close" onClick={onClose}>×</button>
      </header>
      <form class="send-form" onSubmit={submit}>
        <p class="muted small">hookscope writes the webhook exactly as that server does: envelope, key order, headers, signature.</p>
        <div class="row-2">
          <label class="field">
            <span>Server</span>
            <select name="server" value={form.server} onChange={(e) => setForm((f) => withServer(f, e.currentTarget.value as SendServer))}>
              {sendServers.map((s) => <option key={s} value={s}>{sendCatalog[s].label}</option>)}
            </select>
          </label>
          <label class="field">
            <span>Event</span>
            <select name="event" value={form.event} onChange={(e) => setForm((f) => withEvent(f, f.server, e.currentTarget.value))}>
              {events.map((n) => <option key={n} value={n}>{n}</option>)}
            </select>
          </label>
        </div>
        {!tsb && (
          <div class="row-2">
            <label class="field"><span>Channel</span><input name="channel" value={form.channel} spellcheck={false} onInput={(e) => set({ channel: e.currentTarget.value })} /></label>
            <label class="field"><span>User id</span><input name="userId" value={form.userId} spellcheck={false} onInput={(e) => set({ userId: e.currentTarget.value })} /></label>
          </div>
        )}
        {form.event === 'client_event' && !tsb && (
          <label class="field"><span>Client event</span><input name="clientEvent" value={form.clientEvent} spellcheck={false} onInput={(e) => set({ clientEvent: e.currentTarget.value })} /></label>
        )}
        {showData && (
          <label class="field"><span>data (JSON)</span><textarea name="data" rows={4} class="mono" spellcheck={false} value={form.data} onInput={(e) => set({ data: e.currentTarget.value })} /></label>
        )}
        <fieldset class="send-target">
          <legend>Send to</legend>
          <label class="check"><input type="radio" name="target" checked={form.target === 'bin'} onChange={() => set({ target: 'bin' })} /> this bin (signed with its secrets)</label>
          <label class="check"><input type="radio" name="target" checked={form.target === 'url'} onChange={() => set({ target: 'url' })} /> a URL</label>
          {form.target === 'url' && <input type="url" name="url" placeholder="http://localhost:3000/webhooks" value={form.url} spellcheck={false} onInput={(e) => set({ url: e.currentTarget.value })} />}
        </fieldset>
        <div class="row-2">
          {!tsb && <input name="key" placeholder={form.target === 'bin' ? "app key (default: the bin's)" : 'app key'} value={form.key} spellcheck={false} onInput={(e) => set({ key: e.currentTarget.value })} />}
          <input name="secret" placeholder={form.target === 'bin' ? "secret (default: the bin's)" : 'secret'} value={form.secret} spellcheck={false} onInput={(e) => set({ secret: e.currentTarget.value })} />
        </div>
        <label class="check"><input type="checkbox" name="retry" checked={form.retry} onChange={(e) => set({ retry: e.currentTarget.checked })} /> retry a failure as {sendCatalog[form.server].label} would</label>
        <button type="submit" class="btn btn-primary" disabled={busy}>{busy ? 'Sending…' : 'Send'}</button>
        {outcome && <SendOutcome outcome={outcome} sent={sent} />}
      </form>
    </aside>
  );
}

function SendOutcome({ outcome, sent }: { outcome: ApiResult<SendDelivery[]> | { ok: false; message: string }; sent: number }) {
  if (!outcome.ok) return <p class="error-text" role="status" data-sent={sent}>{outcome.message}</p>;
  return (
    <ul class="send-outcome" role="status" aria-label="Deliveries" data-sent={sent}>
      {outcome.value.length === 0 && <li class="muted">Nothing to send.</li>}
      {outcome.value.map((d) => {
        const tone = d.status === null || d.status >= 500 ? 'bad' : d.status >= 300 ? 'warn' : 'ok';
        return (
          <li key={`${d.index}-${d.attempt}`} class="send-delivery">
            <span class={`status-pill status-${tone}`}>{d.status ?? 'failed'}</span>
            <span class="muted small">attempt {d.attempt} · {d.durationMs} ms · {d.events.join(', ')}</span>
            {d.error && <span class="error-text small">{d.error}</span>}
          </li>
        );
      })}
    </ul>
  );
}

import { useState } from 'preact/hooks';
import type { BinInput, ResponseSettings } from '../api.js';

interface Props {
  current: ResponseSettings | null | undefined;
  onSave: (patch: BinInput) => Promise<{ ok: true } | { ok: false; message: string }>;
}

const toInt = (text: string): number | undefined => (text.trim() === '' ? undefined : Number.parseInt(text, 10));

/**
 * What the bin answers: status, content type, body and delay, and "fail the first N deliveries"
 * (a one-step script) to watch a sender retry. Empty fields keep hookscope's default answer.
 */
export function ResponseForm({ current, onSave }: Props) {
  const failing = current?.script?.[0];
  const [status, setStatus] = useState(current?.status?.toString() ?? '');
  const [contentType, setContentType] = useState(current?.contentType ?? '');
  const [body, setBody] = useState(current?.body ?? '');
  const [delay, setDelay] = useState(current?.delayMs?.toString() ?? '');
  const [failTimes, setFailTimes] = useState(failing?.times?.toString() ?? '');
  const [failStatus, setFailStatus] = useState(failing?.status?.toString() ?? '500');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  const save = async (response: ResponseSettings | null) => {
    setBusy(true);
    const result = await onSave({ response });
    setBusy(false);
    setMessage(result.ok ? { ok: true, text: response === null ? 'Back to the default 200.' : 'Saved: the next request gets this answer.' } : { ok: false, text: result.message });
  };

  const submit = (e: Event) => {
    e.preventDefault();
    const response: ResponseSettings = {};
    if (toInt(status) !== undefined) response.status = toInt(status);
    if (contentType.trim() !== '') response.contentType = contentType.trim();
    if (body !== '') response.body = body;
    if (toInt(delay) !== undefined) response.delayMs = toInt(delay);
    const times = toInt(failTimes);
    if (times !== undefined && times > 0) response.script = [{ status: toInt(failStatus) ?? 500, times }];
    void save(response);
  };

  return (
    <form class="response-form" onSubmit={submit} aria-label="Response settings">
      <div class="row-3">
        <label class="field"><span>Status</span><input name="status" type="number" min={100} max={599} placeholder="200" value={status} onInput={(e) => setStatus(e.currentTarget.value)} /></label>
        <label class="field"><span>Delay (ms)</span><input name="delayMs" type="number" min={0} max={30000} placeholder="0" value={delay} onInput={(e) => setDelay(e.currentTarget.value)} /></label>
        <label class="field"><span>Content-Type</span><input name="contentType" placeholder="application/json" value={contentType} spellcheck={false} onInput={(e) => setContentType(e.currentTarget.value)} /></label>
      </div>
      <label class="field"><span>Body</span><textarea name="body" rows={3} placeholder='{"ok":true,"id":…} (default)' value={body} spellcheck={false} onInput={(e) => setBody(e.currentTarget.value)} /></label>
      <div class="fail-first">
        Fail the first
        <input name="failTimes" type="number" min={0} max={10000} placeholder="0" value={failTimes} onInput={(e) => setFailTimes(e.currentTarget.value)} />
        deliveries with status
        <input name="failStatus" type="number" min={100} max={599} value={failStatus} onInput={(e) => setFailStatus(e.currentTarget.value)} />
      </div>
      <div class="form-actions">
        <button type="submit" class="btn btn-primary" disabled={busy}>Save response</button>
        <button type="button" class="btn" disabled={busy} onClick={() => void save(null)}>Reset</button>
        {message && <span class={message.ok ? 'ok-text' : 'error-text'} role="status">{message.text}</span>}
      </div>
    </form>
  );
}

import { useState } from 'preact/hooks';
import type { ImportAnswer } from '../api.js';
import type { HomeStore } from '../home-state.js';
import { binPath, type Navigate } from './link.js';

const NAME_RE = /^[a-z0-9][a-z0-9_-]{0,62}$/;

/** A bin name suggested by the file's name: `my-app.har` -> `my-app`. */
function suggestedBin(fileName: string): string {
  const stem = fileName.replace(/\.(har|ndjson|jsonl|json)$/i, '').toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^[-_]+/, '');
  return NAME_RE.test(stem) ? stem : '';
}

function summary(answer: ImportAnswer): string {
  const what = `Imported ${answer.imported.toLocaleString()} request${answer.imported === 1 ? '' : 's'} from ${answer.format.toUpperCase()}`;
  return answer.skippedCount > 0 ? `${what}; skipped ${answer.skippedCount.toLocaleString()} that could not be read.` : `${what}.`;
}

/** Home page: load a HAR (devtools, another hookscope) or NDJSON export into a bin. */
export function ImportForm({ home, navigate }: { home: HomeStore; navigate: Navigate }) {
  const [file, setFile] = useState<File | null>(null);
  const [bin, setBin] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<{ bin: string; answer: ImportAnswer } | null>(null);
  const binInvalid = bin !== '' && !NAME_RE.test(bin);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (!file || bin === '' || binInvalid) return;
    setBusy(true);
    setError(null);
    setDone(null);
    const result = await home.importFile(bin, file);
    setBusy(false);
    if (!result.ok) return setError(result.message);
    setDone({ bin, answer: result.answer });
  };

  return (
    <form class="card create-form import-form" onSubmit={submit} aria-label="Import requests">
      <h2>Import</h2>
      <p class="muted">A HAR file (browser devtools, another hookscope) or an NDJSON export.</p>
      <label class="field">
        <span>File</span>
        <input name="file" type="file" accept=".har,.ndjson,.jsonl,.json,application/json,application/x-ndjson"
          onChange={(e) => {
            const chosen = e.currentTarget.files?.[0] ?? null;
            setFile(chosen);
            if (chosen && bin === '') setBin(suggestedBin(chosen.name));
          }} />
      </label>
      <label class="field">
        <span>Into bin <em class="muted">(created if it does not exist)</em></span>
        <input name="importBin" value={bin} placeholder="my-app" autocomplete="off" spellcheck={false}
          aria-invalid={binInvalid} onInput={(e) => setBin(e.currentTarget.value.trim())} />
        {binInvalid && <small class="error-text">Lower-case letters, digits, - and _ (up to 63), starting with a letter or digit.</small>}
      </label>
      {error && <p class="error-text" role="alert">{error}</p>}
      {done && (
        <p class="import-done" role="status">
          {summary(done.answer)}{' '}
          <a href={binPath(done.bin)} onClick={(e) => (e.preventDefault(), navigate(binPath(done.bin)))}>Open {done.bin}</a>
        </p>
      )}
      <button type="submit" class="btn" disabled={busy || !file || bin === '' || binInvalid}>
        {busy ? 'Importing…' : 'Import'}
      </button>
    </form>
  );
}

import { useState } from 'preact/hooks';
import type { BinInput } from '../api.js';
import type { HomeStore } from '../home-state.js';
import type { Navigate } from './link.js';
import { binPath } from './link.js';

const NAME_RE = /^[a-z0-9][a-z0-9_-]{0,62}$/;

export function CreateBinForm({ home, navigate }: { home: HomeStore; navigate: Navigate }) {
  const [name, setName] = useState('');
  const [key, setKey] = useState('');
  const [secret, setSecret] = useState('');
  const [tsSecret, setTsSecret] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const nameInvalid = name !== '' && !NAME_RE.test(name);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (nameInvalid) return;
    if ((key === '') !== (secret === '')) return setError('A Pusher app key needs its secret (and the other way round).');
    const input: BinInput = {};
    if (name !== '') input.name = name;
    if (key !== '') input.pusher = [{ key, secret }];
    if (tsSecret !== '') input.secret = tsSecret;
    setBusy(true);
    setError(null);
    const result = await home.create(input);
    setBusy(false);
    if (!result.ok) return setError(result.message);
    navigate(binPath(result.bin.id));
  };

  return (
    <form class="card create-form" onSubmit={submit} aria-label="Create a bin">
      <h2>New bin</h2>
      <p class="muted">A bin is a URL that records every request sent to it.</p>
      <label class="field">
        <span>Name <em class="muted">(optional: empty gives a random, unguessable id)</em></span>
        <input name="name" value={name} placeholder="my-app" autocomplete="off" spellcheck={false}
          aria-invalid={nameInvalid} onInput={(e) => setName(e.currentTarget.value.trim())} />
        {nameInvalid && <small class="error-text">Lower-case letters, digits, - and _ (up to 63), starting with a letter or digit.</small>}
      </label>
      <fieldset class="field-group">
        <legend>Pusher / soketi / sockudo app <em class="muted">(to verify X-Pusher-Signature)</em></legend>
        <div class="row-2">
          <input name="pusherKey" value={key} placeholder="app key" autocomplete="off" spellcheck={false} onInput={(e) => setKey(e.currentTarget.value.trim())} />
          <input name="pusherSecret" value={secret} placeholder="app secret" autocomplete="off" spellcheck={false} onInput={(e) => setSecret(e.currentTarget.value)} />
        </div>
      </fieldset>
      <label class="field">
        <span>ts-broadcasting webhook secret <em class="muted">(optional)</em></span>
        <input name="tsSecret" value={tsSecret} placeholder="secret" autocomplete="off" spellcheck={false} onInput={(e) => setTsSecret(e.currentTarget.value)} />
      </label>
      {error && <p class="error-text" role="alert">{error}</p>}
      <button type="submit" class="btn btn-primary" disabled={busy || nameInvalid}>
        {busy ? 'Creating…' : name === '' ? 'Create random bin' : `Create “${name}”`}
      </button>
    </form>
  );
}

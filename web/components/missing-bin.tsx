import { useState } from 'preact/hooks';
import type { ViewerState } from '../state.js';

const NAME_RE = /^[a-z0-9][a-z0-9_-]{0,62}$/;

/** A bin that does not exist yet: create it here, or let the first captured request create it. */
export function MissingBin({ state, binId }: { state: ViewerState; binId: string }) {
  const [error, setError] = useState<string | null>(null);
  const url = `${location.origin}/h/${binId}`;
  const valid = NAME_RE.test(binId);
  const create = async () => {
    const result = await state.home.create({ name: binId });
    if (!result.ok) return setError(result.message);
    state.openBin(result.bin.id, state.bin.filters.value);
  };
  return (
    <main class="bin-gone">
      <div class="card missing">
        <h2>No bin “{binId}” yet</h2>
        {valid ? (
          <>
            <p class="muted">The first request sent to <code>{url}</code> creates it, and this page follows it live.</p>
            <div class="waiting small"><span class="pulse" aria-hidden="true" />Waiting for it…</div>
            <button type="button" class="btn btn-primary" onClick={() => void create()}>Create “{binId}” now</button>
          </>
        ) : (
          <p class="muted">That is not a valid bin name (lower-case letters, digits, - and _).</p>
        )}
        {error && <p class="error-text">{error}</p>}
      </div>
    </main>
  );
}

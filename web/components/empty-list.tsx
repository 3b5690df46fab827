import { SnippetPanel } from './snippet-panel.js';

/** What an empty bin shows: how to send something to it. */
export function EmptyList({ url, filtered }: { url: string; filtered: boolean }) {
  if (filtered) return <div class="empty"><p class="muted">No request matches these filters.</p></div>;
  return (
    <div class="empty">
      <div class="waiting"><span class="pulse" aria-hidden="true" />Waiting for the first request…</div>
      <p class="muted">Send anything to <code>{url}</code> (any method, any sub-path). It appears here at once.</p>
      <SnippetPanel url={url} />
    </div>
  );
}

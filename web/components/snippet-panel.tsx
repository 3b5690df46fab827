import { useState } from 'preact/hooks';
import { webhookSnippets } from '../snippets.js';
import { CopyButton } from './copy-button.js';

/** Ready-to-paste webhook settings for soketi and sockudo, pointing at a bin's capture URL. */
export function SnippetPanel({ url, title = 'Point your server at it' }: { url: string; title?: string }) {
  const snippets = webhookSnippets(url);
  const [active, setActive] = useState(snippets[0].id);
  const shown = snippets.find((s) => s.id === active) ?? snippets[0];
  return (
    <section class="card snippets" aria-label="Webhook configuration snippets">
      <div class="card-head">
        <h2>{title}</h2>
        <div class="segmented" role="tablist">
          {snippets.map((s) => (
            <button type="button" role="tab" aria-selected={s.id === shown.id} class={s.id === shown.id ? 'on' : ''} onClick={() => setActive(s.id)}>
              {s.label}
            </button>
          ))}
        </div>
      </div>
      <div class="snippet">
        <pre class="code" data-snippet={shown.id}>{shown.text}</pre>
        <CopyButton text={shown.text} class="snippet-copy" />
      </div>
    </section>
  );
}

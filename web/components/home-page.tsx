import type { ViewerState } from '../state.js';
import { BinTable } from './bin-table.js';
import { CreateBinForm } from './create-bin-form.js';
import { ImportForm } from './import-form.js';
import type { Navigate } from './link.js';
import { SnippetPanel } from './snippet-panel.js';

export function HomePage({ state, navigate }: { state: ViewerState; navigate: Navigate }) {
  const { home } = state;
  const bins = home.bins.value;
  const example = bins[0]?.url ?? `${location.origin}/h/my-app`;
  return (
    <main class="home">
      <div class="home-grid">
        <div class="home-side">
          <CreateBinForm home={home} navigate={navigate} />
          <ImportForm home={home} navigate={navigate} />
        </div>
        <div class="home-main">
          <div class="section-head">
            <h2>Bins</h2>
            {home.error.value && <span class="error-text">{home.error.value}</span>}
          </div>
          <BinTable bins={bins} loading={home.loading.value} navigate={navigate} now={Date.now()} />
          <SnippetPanel url={example} title={bins[0] ? `Send webhooks to ${bins[0].name ?? 'your bin'}` : 'Point your server at hookscope'} />
        </div>
      </div>
    </main>
  );
}

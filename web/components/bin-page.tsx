import { useMemo, useState } from 'preact/hooks';
import type { ViewerState } from '../state.js';
import { hasFilters } from '../filters.js';
import { BinHeader } from './bin-header.js';
import { ChannelsView } from './channels-view.js';
import { type DetailView, DetailPane } from './detail-pane.js';
import { EmptyList } from './empty-list.js';
import { MissingBin } from './missing-bin.js';
import { RequestList } from './request-list.js';
import { FilterBar } from './filter-bar.js';
import { SendPanel } from './send-panel.js';
import { SettingsPanel } from './settings-panel.js';
import { Shortcuts } from './shortcuts.js';
import { ViewTabs } from './view-tabs.js';

interface Props {
  state: ViewerState;
  binId: string;
  settingsOpen: boolean;
  onSettings: (open: boolean) => void;
}

export function BinPage({ state, binId, settingsOpen, onSettings }: Props) {
  const { bin: store } = state;
  const bin = store.bin.value;
  const requests = store.requests.value;
  const filters = store.filters.value;
  const [view, setView] = useState<DetailView>({ tab: null, bodyMode: 'tree' });
  const [sending, setSending] = useState(false);
  const eventNames = useMemo(() => [...new Set(requests.slice(0, 2000).flatMap((r) => r.eventNames))].sort(), [requests]);
  const url = bin?.url ?? `${location.origin}/h/${binId}`;
  const detailState = state.detail.value;

  if (store.missing.value) return <MissingBin state={state} binId={binId} />;
  if (store.gone.value) {
    return (
      <main class="bin-gone">
        <div class="card"><h2>Bin “{binId}” is gone</h2><p class="muted">{store.error.value ?? 'It was deleted.'}</p></div>
      </main>
    );
  }

  return (
    <main class={`bin-page${state.selectedId.value !== null ? ' has-detail' : ''}`}>
      <BinHeader binId={binId} bin={bin} connection={store.connection.value} onSettings={() => (setSending(false), onSettings(!settingsOpen))} onSend={() => (onSettings(false), setSending(!sending))} onClear={() => void state.clearBin()} exportUrl={(format) => state.exportUrl(binId, format)} />
      <ViewTabs view={state.view.value} occupied={state.channels.channels.value.filter((c) => c.occupied).length} onView={state.showView} />
      {state.view.value === 'channels' && <ChannelsView store={state.channels} onRequest={state.showRequest} />}
      {/* Kept mounted while the channels show: the list keeps its scroll position and live updates. */}
      <div class="requests-view" hidden={state.view.value === 'channels'}>
        <FilterBar filters={filters} eventNames={eventNames} shown={requests.length} more={store.hasMore.value} total={bin?.requestCount ?? requests.length} onChange={(p) => void state.setFilters(p)} />
        <div class="split">
          <RequestList
            requests={requests}
            selectedId={state.selectedId.value}
            hasMore={store.hasMore.value}
            loading={store.loading.value}
            loadingMore={store.loadingMore.value}
            onSelect={state.select}
            onLoadMore={() => void store.loadMore()}
            empty={<EmptyList url={url} filtered={hasFilters(filters)} />}
          />
          {detailState.status === 'none' ? (
            <Shortcuts />
          ) : (
            <DetailPane
              state={detailState}
              bin={bin}
              rawUrl={(id) => `/api/bins/${encodeURIComponent(binId)}/requests/${id}/raw`}
              view={view}
              onView={setView}
              onClose={state.closeDetail}
              onDelete={(id) => void state.deleteRequest(id)}
              onSave={state.updateSecrets}
              onReplay={state.replay}
            />
          )}
        </div>
      </div>
      {sending && !settingsOpen && bin && <SendPanel bin={bin} onSend={state.sendTest} onClose={() => setSending(false)} />}
      {settingsOpen && bin && <SettingsPanel bin={bin} onSave={state.updateSecrets} onClose={() => onSettings(false)} />}
    </main>
  );
}

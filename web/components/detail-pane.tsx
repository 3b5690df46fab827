import type { Bin } from '../../core/wire.js';
import { useState } from 'preact/hooks';
import type { ApiResult, BinInput, ReplayAnswer, ReplayInput, ViewerDetail } from '../api.js';
import { buildCurl } from '../curl.js';
import type { DetailState } from '../detail-state.js';
import { headerPairs, requestUrl } from '../format.js';
import { BodyView } from './body-view.js';
import { CopyButton } from './copy-button.js';
import { EventsTable } from './events-table.js';
import { KeyValueTable } from './key-value-table.js';
import { MethodBadge } from './method-badge.js';
import { OverviewTab } from './overview-tab.js';
import { ReplayForm } from './replay-form.js';
import { SignatureBadge } from './signature-badge.js';
import { useDecoded } from './use-decoded.js';

export type DetailTab = 'overview' | 'events' | 'body' | 'headers' | 'query';

export interface DetailView {
  tab: DetailTab | null;
  bodyMode: string;
}

interface Props {
  state: DetailState;
  bin: Bin | null;
  rawUrl: (id: number) => string;
  view: DetailView;
  onView: (view: DetailView) => void;
  onClose: () => void;
  onDelete: (id: number) => void;
  onSave: (patch: BinInput) => Promise<{ ok: true } | { ok: false; message: string }>;
  onReplay: (id: number, input: ReplayInput) => Promise<ApiResult<ReplayAnswer>>;
}

export function DetailPane(props: Props) {
  const { state } = props;
  if (state.status === 'ready') return <Detail {...props} detail={state.detail} />;
  return (
    <section class="detail detail-empty" aria-label="Request detail">
      <p class="muted">{state.status === 'loading' ? 'Loading…' : state.status === 'error' ? state.message : ''}</p>
    </section>
  );
}

function Detail({ detail: d, bin, rawUrl, view, onView, onClose, onDelete, onSave, onReplay }: Props & { detail: ViewerDetail }) {
  const decoded = useDecoded(d);
  const [replaying, setReplaying] = useState(false);
  const url = requestUrl(bin?.url ?? location.origin, d.path, d.query);
  const query = [...new URLSearchParams(d.query)];
  const headers = headerPairs(d.rawHeaders);
  const tabs: [DetailTab, string][] = [
    ['overview', 'Overview'],
    ...(decoded.events.length > 0 ? ([['events', `Events ${decoded.events.length}`]] as [DetailTab, string][]) : []),
    ['body', 'Body'],
    ['headers', `Headers ${headers.length}`],
    ['query', `Query ${query.length}`],
  ];
  const preferred = view.tab ?? (decoded.events.length > 0 ? 'events' : 'body');
  const tab = tabs.some(([t]) => t === preferred) ? preferred : 'body';
  const { text } = decoded;
  return (
    <section class="detail" aria-label="Request detail" data-id={d.id}>
      <header class="detail-head">
        <div class="detail-title">
          <MethodBadge method={d.method} />
          <span class="detail-url mono" title={url}>{url}</span>
          <button type="button" class="sig-link" title="Signature details" onClick={() => onView({ ...view, tab: 'overview' })}>
            <SignatureBadge verdict={d.signature} />
          </button>
          <button type="button" class="btn btn-icon" title="Close (Esc)" aria-label="Close detail" onClick={onClose}>×</button>
        </div>
        <div class="detail-actions">
          <span class="muted small">#{d.id}</span>
          <CopyButton label="Copy as curl" text={() => buildCurl({ method: d.method, url, rawHeaders: d.rawHeaders, body: decoded.bytes })} />
          {text !== null && <CopyButton label="Copy body" text={text} />}
          <a class="btn btn-small" href={rawUrl(d.id)} download={`request-${d.id}.bin`}>Download raw</a>
          <button type="button" class={`btn btn-small${replaying ? ' on' : ''}`} aria-expanded={replaying} onClick={() => setReplaying(!replaying)}>Replay…</button>
          <button type="button" class="btn btn-small btn-danger" onClick={() => onDelete(d.id)}>Delete</button>
        </div>
        {replaying && <ReplayForm key={d.id} id={d.id} onReplay={onReplay} />}
        <nav class="tabs" role="tablist">
          {tabs.map(([t, label]) => (
            <button type="button" role="tab" aria-selected={t === tab} class={t === tab ? 'on' : ''} data-tab={t} onClick={() => onView({ ...view, tab: t })}>{label}</button>
          ))}
        </nav>
      </header>
      <div class={`detail-body tab-${tab}`}>
        {tab === 'overview' && <OverviewTab detail={d} bin={bin} decoder={decoded.result?.decoder ?? null} onSave={onSave} />}
        {tab === 'events' && <EventsTable key={d.id} events={decoded.events} />}
        {tab === 'body' && <BodyView decoded={decoded} mode={view.bodyMode} onMode={(m) => onView({ ...view, bodyMode: m })} />}
        {tab === 'headers' && <KeyValueTable rows={headers} empty="No headers." label="Headers" />}
        {tab === 'query' && <KeyValueTable rows={query} empty="No query parameters." label="Query parameters" />}
      </div>
    </section>
  );
}

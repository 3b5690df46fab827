import { Component } from 'preact';
import type { RequestSummary } from '../../core/wire.js';
import { formatClock, formatSize } from '../format.js';
import { MethodBadge } from './method-badge.js';
import { SignatureBadge } from './signature-badge.js';

export const ROW_HEIGHT = 30;

/** "channel_vacated ×2", "member_removed": repeated names counted, order of first appearance kept. */
/** The status cell: what the sender was answered (a passthrough's is the app's: see the title); "→" while it waits. */
function statusText(r: RequestSummary['response']): string {
  if (!r) return '';
  if (r.dropped) return 'drop';
  if (r.passthrough && r.status === 0) return '→';
  return String(r.status);
}

export function countNames(names: readonly string[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const n of names) counts.set(n, (counts.get(n) ?? 0) + 1);
  return [...counts];
}

/** The path below the bin's capture root (`/h/my-app/x` -> `/x`). */
export function subPath(path: string, bin: string): string {
  const root = `/h/${bin}`;
  if (path === root) return '/';
  return path.startsWith(`${root}/`) ? path.slice(root.length) : path;
}

interface Props {
  request: RequestSummary;
  top: number;
  selected: boolean;
  onSelect: (id: number) => void;
}

/** A row re-renders only when its request, place or selection changes (live updates re-render the list). */
export class RequestRow extends Component<Props> {
  override shouldComponentUpdate(next: Props): boolean {
    const p = this.props;
    return next.request !== p.request || next.top !== p.top || next.selected !== p.selected || next.onSelect !== p.onSelect;
  }

  override render() {
    return <Row {...this.props} />;
  }
}

function Row({ request: r, top, selected, onSelect }: Props) {
  const names = countNames(r.eventNames);
  return (
    <div
      role="row"
      class={`req-row${selected ? ' selected' : ''}`}
      style={{ transform: `translateY(${top}px)` }}
      data-id={r.id}
      aria-selected={selected}
      onMouseDown={(e) => e.button === 0 && onSelect(r.id)}
    >
      <span class="cell c-id">{r.id}</span>
      <span class="cell c-method"><MethodBadge method={r.method} /></span>
      <span class="cell c-path" title={r.query ? `${r.path}?${r.query}` : r.path}>
        {subPath(r.path, r.bin)}
        {r.query && <span class="query">?{r.query}</span>}
      </span>
      <span class="cell c-events" title={r.eventNames.length > 0 ? r.eventNames.join('\n') : undefined}>
        {names.length === 0 ? (
          <span class="muted">{r.contentType ?? (r.size === 0 ? 'empty' : '')}</span>
        ) : (
          names.map(([name, n]) => (
            <span class="ev-chip" key={name}>
              {name}
              {n > 1 && <b>×{n}</b>}
            </span>
          ))
        )}
        {(r.attempt ?? 1) > 1 && <span class="retry-chip" title={`retry of #${r.retryOf}`}>retry {r.attempt}</span>}
      </span>
      <span class="cell c-sig"><SignatureBadge verdict={r.signature} /></span>
      <span
        class={`cell c-status${r.response && (r.response.dropped || r.response.status >= 400) ? ' bad' : ''}`}
        title={r.response?.passthrough ? "your app's answer (passthrough)" : undefined}
      >
        {statusText(r.response)}
      </span>
      <span class="cell c-size">{formatSize(r.size)}</span>
      <span class="cell c-time" title={new Date(r.receivedAt).toISOString()}>{formatClock(r.receivedAt)}</span>
    </div>
  );
}

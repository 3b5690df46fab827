import type { ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { RequestSummary } from '../../core/wire.js';
import { ROW_HEIGHT, RequestRow } from './request-row.js';

const OVERSCAN = 8;
/** Ask for the next older page when the window comes this close to the end. */
const PAGE_AHEAD = 30;

interface Props {
  requests: RequestSummary[];
  selectedId: number | null;
  hasMore: boolean;
  loading: boolean;
  loadingMore: boolean;
  onSelect: (id: number) => void;
  onLoadMore: () => void;
  empty: ComponentChildren;
}

/** A windowed list: only the rows in view (plus a few) exist in the DOM, so 10,000+ rows stay smooth. */
export function RequestList({ requests, selectedId, hasMore, loading, loadingMore, onSelect, onLoadMore, empty }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(800);
  const previousTop = useRef<number | null>(null);

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setHeight(el.clientHeight));
    observer.observe(el);
    setHeight(el.clientHeight);
    return () => observer.disconnect();
  }, []);

  // New rows arrive on top: when the user has scrolled down, keep what they look at in place.
  useLayoutEffect(() => {
    const el = ref.current;
    const before = previousTop.current;
    previousTop.current = requests[0]?.id ?? null;
    // The tracked scrollTop, not el.scrollTop: reading the element forces a layout on every update
    // (under a flood of live requests that was most of the page's main-thread time).
    if (!el || before === null || scrollTop === 0) return;
    let added = 0;
    while (added < requests.length && requests[added].id > before) added++;
    if (added > 0 && added < requests.length) {
      el.scrollTop += added * ROW_HEIGHT;
      setScrollTop(el.scrollTop);
    }
  }, [requests]);

  // Keyboard moves: bring the selected row into view.
  useEffect(() => {
    const el = ref.current;
    if (!el || selectedId === null) return;
    const index = requests.findIndex((r) => r.id === selectedId);
    if (index < 0) return;
    const top = index * ROW_HEIGHT;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + ROW_HEIGHT > el.scrollTop + el.clientHeight) el.scrollTop = top + ROW_HEIGHT - el.clientHeight;
  }, [selectedId]);

  const start = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const end = Math.min(requests.length, Math.ceil((scrollTop + height) / ROW_HEIGHT) + OVERSCAN);

  useEffect(() => {
    if (hasMore && !loadingMore && end >= requests.length - PAGE_AHEAD) onLoadMore();
  }, [end, requests.length, hasMore, loadingMore]);

  const rows = [];
  for (let i = start; i < end; i++) {
    const r = requests[i];
    rows.push(<RequestRow key={r.id} request={r} top={i * ROW_HEIGHT} selected={r.id === selectedId} onSelect={onSelect} />);
  }

  return (
    <div class="req-list" role="grid" aria-label="Requests" aria-rowcount={requests.length}>
      <div class="req-head" role="row">
        <span class="cell c-id">#</span>
        <span class="cell c-method">Method</span>
        <span class="cell c-path">Path</span>
        <span class="cell c-events">Events</span>
        <span class="cell c-sig">Signature</span>
        <span class="cell c-status">Status</span>
        <span class="cell c-size">Size</span>
        <span class="cell c-time">Time</span>
      </div>
      <div class="req-scroll" ref={ref} onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}>
        {requests.length === 0 && !loading ? (
          empty
        ) : (
          <div class="req-canvas" style={{ height: `${requests.length * ROW_HEIGHT + (hasMore ? ROW_HEIGHT : 0)}px` }}>
            {rows}
            {hasMore && <div class="req-more" style={{ transform: `translateY(${requests.length * ROW_HEIGHT}px)` }}>Loading older requests…</div>}
          </div>
        )}
      </div>
    </div>
  );
}

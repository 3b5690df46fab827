// A windowed list for Preact on @tanstack/virtual-core: only the rows in view (plus `overscan`)
// exist in the DOM, however many there are. Rows of varying height are measured as they render
// (pass `measure` and put `ref={v.measureElement}` and `data-index` on each row).
import { elementScroll, observeElementOffset, observeElementRect, type VirtualItem, Virtualizer } from '@tanstack/virtual-core';
import { useLayoutEffect, useReducer, useRef, useState } from 'preact/hooks';

export interface VirtualOptions {
  count: number;
  /** The element that scrolls (the list's own scroll container). */
  scroller: { current: HTMLElement | null };
  /** Row height in px (the exact height for fixed rows, a guess for measured ones). */
  estimate: number | ((index: number) => number);
  overscan?: number;
  /** Rows differ in height: measure each rendered row. */
  measure?: boolean;
  /** Distance in px from the top of the scroller's content to the first row (a header above it). */
  offset?: number;
  key?: (index: number) => number | string;
}

export interface VirtualRows {
  items: VirtualItem[];
  total: number;
  /** Space above the first rendered row and below the last one (spacer rows of a table). */
  before: number;
  after: number;
  measureElement: (el: Element | null) => void;
  scrollToIndex: (index: number) => void;
}

export function useVirtual(options: VirtualOptions): VirtualRows {
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const { count, scroller, estimate, overscan = 12, measure = false, offset = 0, key } = options;
  const opts = {
    count,
    getScrollElement: () => scroller.current,
    estimateSize: typeof estimate === 'number' ? () => estimate : estimate,
    overscan,
    scrollMargin: offset,
    scrollToFn: elementScroll,
    observeElementRect,
    observeElementOffset,
    // Before the first layout the scroller's size is unknown: assume a window's worth.
    initialRect: { width: 800, height: 1000 },
    onChange: () => rerender(0),
    ...(key && { getItemKey: key }),
  };
  const [v] = useState(() => new Virtualizer<HTMLElement, Element>(opts));
  v.setOptions({ ...v.options, ...opts });
  const measured = useRef(measure);
  measured.current = measure;
  useLayoutEffect(() => v._didMount(), []);
  useLayoutEffect(() => v._willUpdate());
  const items = v.getVirtualItems();
  const total = v.getTotalSize();
  const first = items[0];
  const last = items[items.length - 1];
  return {
    items,
    total,
    before: first ? first.start - offset : 0,
    after: last ? Math.max(0, total - (last.end - offset)) : total,
    measureElement: (el) => {
      if (el && measured.current) v.measureElement(el);
    },
    scrollToIndex: (index) => v.scrollToIndex(index, { align: 'auto' }),
  };
}

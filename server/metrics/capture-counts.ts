// Counts one commit batch: per bin, bytes, signature verdicts, and 413s (truncated bodies).
// Called from the write queue's onCommit, so the capture path pays once per batch. A bin's rendered
// label is kept while the bin exists (over 1,000 bins, rendering it per commit was ~1% of capture).
import type { RequestSummary } from '../../core/wire.js';
import { type Metrics, renderLabels } from './registry.js';

const CAPTURED = 'hookscope_requests_captured_total';

export type CaptureCounts = ReturnType<typeof createCaptureCounts>;

export function createCaptureCounts(metrics: Metrics) {
  const binKeys = new Map<string, string>();
  const keyOf = (bin: string): string => {
    let key = binKeys.get(bin);
    if (key === undefined) binKeys.set(bin, (key = renderLabels({ bin })));
    return key;
  };

  return {
    committed(stored: readonly RequestSummary[]): void {
      if (stored.length === 0) return;
      const perBin = new Map<string, number>();
      const perStatus = new Map<string, number>();
      let bytes = 0;
      for (const s of stored) {
        perBin.set(s.bin, (perBin.get(s.bin) ?? 0) + 1);
        perStatus.set(s.signature.status, (perStatus.get(s.signature.status) ?? 0) + 1);
        bytes += s.size;
      }
      for (const [bin, n] of perBin) metrics.incRendered(CAPTURED, keyOf(bin), n);
      for (const [status, n] of perStatus) metrics.inc('hookscope_signature_verdicts_total', { status }, n);
      metrics.inc('hookscope_captured_bytes_total', undefined, bytes);
    },
    /** The bin is gone: its series goes too (a counter that disappears is a reset to Prometheus). */
    binDeleted(bin: string): void {
      binKeys.delete(bin);
      metrics.remove(CAPTURED, { bin });
    },
  };
}

// Counts one commit batch: per bin, bytes, signature verdicts, and 413s (truncated bodies).
// Called from the write queue's onCommit, so the capture path pays once per batch.
import type { RequestSummary } from '../../core/wire.js';
import type { Metrics } from './registry.js';

export function countCommitted(metrics: Metrics, stored: readonly RequestSummary[]): void {
  if (stored.length === 0) return;
  const perBin = new Map<string, number>();
  const perStatus = new Map<string, number>();
  let bytes = 0;
  for (const s of stored) {
    perBin.set(s.bin, (perBin.get(s.bin) ?? 0) + 1);
    perStatus.set(s.signature.status, (perStatus.get(s.signature.status) ?? 0) + 1);
    bytes += s.size;
  }
  for (const [bin, n] of perBin) metrics.inc('hookscope_requests_captured_total', { bin }, n);
  for (const [status, n] of perStatus) metrics.inc('hookscope_signature_verdicts_total', { status }, n);
  metrics.inc('hookscope_captured_bytes_total', undefined, bytes);
}

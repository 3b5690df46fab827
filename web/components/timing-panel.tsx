import type { DeliveryTiming, Percentiles } from '../../core/wire.js';
import { TimingChart } from './timing-chart.js';

const ms = (p: Percentiles): string => (p.count === 0 || p.p50 === null ? '–' : `p50 ${p.p50} ms · p99 ${p.p99} ms`);

function windowText(t: DeliveryTiming): string {
  const s = t.sender;
  if (s.batchWindowMs === null) return s.name === 'unknown' ? '' : `${s.name}: no batching`;
  return `${s.name} batches every ${s.batchWindowMs} ms${s.batchMaxEvents === null ? '' : `, ≤ ${s.batchMaxEvents} events`}`;
}

/** How the bin's webhooks arrive: a chart of events per request and the figures beside it. */
export function TimingPanel({ timing: t }: { timing: DeliveryTiming }) {
  const e = t.eventsPerRequest;
  return (
    <section class="timing" aria-label="Delivery timing">
      <div class="timing-figures small">
        <span title={t.sender.evidence ?? ''}>Sender <b data-testid="sender">{t.sender.name}</b></span>
        <span>Events/request <b>{e.min === null ? '–' : `${e.min} · ${e.p50} · ${e.max}`}</b> <span class="muted">(min · p50 · max)</span></span>
        <span>Gap <b>{ms(t.gapMs)}</b> <span class="muted">{windowText(t)}</span></span>
        <span>Sender → hookscope <b>{ms(t.delayMs)}</b></span>
        <span>Retried bodies <b>{t.retries.bodies}</b>{t.retries.maxAttempt > 1 && <span class="muted"> (up to attempt {t.retries.maxAttempt})</span>}</span>
      </div>
      {t.series.length > 1 && <TimingChart series={t.series} />}
    </section>
  );
}

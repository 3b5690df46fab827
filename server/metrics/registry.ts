// In-memory counters rendered in the Prometheus text format
// (https://prometheus.io/docs/instrumenting/exposition_formats/#text-based-format).
// inc() is cheap: one Map lookup by a label key. The capture path increments once per commit batch.
export type Labels = Readonly<Record<string, string | number>>;

interface Series {
  labels: string;
  value: number;
}

export interface MetricHelp {
  help: string;
  type: 'counter' | 'gauge';
}

/** Counters every part of the server may increment: name -> help. Unknown names render as untyped counters. */
export const known: Record<string, MetricHelp> = {
  hookscope_requests_captured_total: { help: 'Requests captured and stored, by bin.', type: 'counter' },
  hookscope_captured_bytes_total: { help: 'Body bytes of captured requests, as sent.', type: 'counter' },
  hookscope_signature_verdicts_total: { help: 'Signature verdicts of captured requests, by status.', type: 'counter' },
  hookscope_http_errors_total: { help: 'Responses with status >= 400, by source (api, capture) and code. Capture counts scripted error answers too.', type: 'counter' },
  hookscope_wait_calls_total: { help: 'Calls of the wait API, by outcome.', type: 'counter' },
  hookscope_size_cap_pruned_total: { help: 'Requests removed by the database size cap (--max-db-size) or to make room on a full disk.', type: 'counter' },
  hookscope_idle_gcs_total: { help: 'Garbage collections run once the server was quiet, to give back memory a burst grew (server/memory/idle-gc.ts).', type: 'counter' },
  hookscope_storage_errors_total: { help: 'Captures and API writes the storage refused (full disk, I/O error, read-only, damaged file), by kind.', type: 'counter' },
};

export interface Gauge {
  name: string;
  help: string;
  value: number;
}

export type Metrics = ReturnType<typeof createMetrics>;

/** Escapes a label value: backslash, double quote and newline (exposition format rules). */
export function escapeLabel(value: string): string {
  if (!NEEDS_ESCAPE.test(value)) return value;
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

const NEEDS_ESCAPE = /[\\"\n]/;

export function renderLabels(labels: Labels | undefined): string {
  if (!labels) return '';
  let out = '';
  for (const k in labels) out += `${out === '' ? '{' : ','}${k}="${escapeLabel(String(labels[k]))}"`;
  return out === '' ? '' : out + '}';
}

export function createMetrics() {
  const counters = new Map<string, Map<string, Series>>();

  function inc(name: string, labels?: Labels, by = 1): void {
    incRendered(name, renderLabels(labels), by);
  }

  /** inc() with the labels already rendered (renderLabels): for a caller that keeps the key. */
  function incRendered(name: string, key: string, by = 1): void {
    let series = counters.get(name);
    if (!series) counters.set(name, (series = new Map()));
    const found = series.get(key);
    if (found) found.value += by;
    else series.set(key, { labels: key, value: by });
  }

  /** Removes one series (a deleted bin's), so the counters do not grow with every bin ever seen. */
  function remove(name: string, labels: Labels): void {
    counters.get(name)?.delete(renderLabels(labels));
  }

  function value(name: string, labels?: Labels): number {
    return counters.get(name)?.get(renderLabels(labels))?.value ?? 0;
  }

  function render(gauges: Gauge[] = []): string {
    const lines: string[] = [];
    const names = new Set([...Object.keys(known), ...counters.keys()]);
    for (const name of names) {
      const meta = known[name];
      lines.push(`# HELP ${name} ${meta?.help ?? name}`, `# TYPE ${name} ${meta?.type ?? 'counter'}`);
      const series = counters.get(name);
      if (!series || series.size === 0) {
        // A labelled counter with no series yet renders nothing; an unlabelled one renders 0.
        if (name === 'hookscope_captured_bytes_total' || name === 'hookscope_size_cap_pruned_total') lines.push(`${name} 0`);
        continue;
      }
      for (const s of series.values()) lines.push(`${name}${s.labels} ${s.value}`);
    }
    for (const g of gauges) lines.push(`# HELP ${g.name} ${g.help}`, `# TYPE ${g.name} gauge`, `${g.name} ${g.value}`);
    return lines.join('\n') + '\n';
  }

  return { inc, incRendered, remove, value, render };
}

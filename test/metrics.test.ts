// GET /metrics: Prometheus text format, counters that move with captures, verdicts, errors and live clients.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startHookscope, type HookscopeServer } from '../server/index.js';
import { createMetrics, escapeLabel } from '../server/metrics/index.js';
import { connect, wsUrl } from './live-helpers.js';
import { testDb } from './helpers/test-db.js';

let s: HookscopeServer;
beforeAll(async () => {
  s = await startHookscope({ port: 0, db: await testDb(), quiet: true, maxBody: 64 });
});
afterAll(() => s.close());

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** A strict parser of the text format: every line is a comment or `name{labels} value`. */
function parse(text: string): { samples: Sample[]; types: Map<string, string> } {
  const samples: Sample[] = [];
  const types = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const t = /^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|untyped)$/.exec(line);
    if (t) {
      types.set(t[1], t[2]);
      continue;
    }
    if (/^# HELP [a-zA-Z_:][a-zA-Z0-9_:]* .+$/.test(line)) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{((?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*",?)*)\})? (-?[0-9.e+]+)$/.exec(line);
    if (!m) throw new Error(`not a metrics line: ${JSON.stringify(line)}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]] = l[2].replace(/\\n/g, '\n').replace(/\\"/g, '"').replace(/\\\\/g, '\\');
    samples.push({ name: m[1], labels, value: Number(m[3]) });
  }
  return { samples, types };
}

async function scrape(): Promise<ReturnType<typeof parse>> {
  const res = await fetch(`${s.url}/metrics`);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return parse(await res.text());
}

const value = (samples: Sample[], name: string, labels: Record<string, string> = {}): number =>
  samples.find((x) => x.name === name && Object.entries(labels).every(([k, v]) => x.labels[k] === v))?.value ?? 0;

describe('/metrics', () => {
  it('counts captured requests by bin, bytes, verdicts and errors', async () => {
    const before = (await scrape()).samples;
    for (let i = 0; i < 3; i++) await fetch(`${s.url}/h/metrics-a`, { method: 'POST', body: '0123456789' });
    await fetch(`${s.url}/h/metrics-b`, { method: 'POST', body: 'x'.repeat(100) }); // over maxBody: 413
    await fetch(`${s.url}/h/Not A Name!`, { method: 'POST' }); // invalid name: 404
    await fetch(`${s.url}/api/bins/nope-nope`); // 404 from the API
    await fetch(`${s.url}/h/metrics-a/status/503`, { method: 'POST' }); // a scripted error answer, empty body
    const { samples, types } = await scrape();
    expect(types.get('hookscope_requests_captured_total')).toBe('counter');
    expect(types.get('hookscope_live_clients')).toBe('gauge');
    expect(value(samples, 'hookscope_requests_captured_total', { bin: 'metrics-a' })).toBe(4);
    expect(value(samples, 'hookscope_requests_captured_total', { bin: 'metrics-b' })).toBe(1);
    expect(value(samples, 'hookscope_captured_bytes_total') - value(before, 'hookscope_captured_bytes_total')).toBe(130);
    expect(value(samples, 'hookscope_signature_verdicts_total', { status: 'unsigned' })).toBeGreaterThanOrEqual(4);
    expect(value(samples, 'hookscope_http_errors_total', { source: 'capture', code: '413' })).toBe(1);
    expect(value(samples, 'hookscope_http_errors_total', { source: 'capture', code: '404' })).toBe(1);
    expect(value(samples, 'hookscope_http_errors_total', { source: 'capture', code: '503' })).toBe(1);
    expect(value(samples, 'hookscope_http_errors_total', { source: 'capture', code: '200' })).toBe(0);
    expect(value(samples, 'hookscope_http_errors_total', { source: 'api', code: '404' })).toBe(1);
    expect(value(samples, 'hookscope_bins')).toBeGreaterThanOrEqual(2);
    expect(value(samples, 'hookscope_db_used_bytes')).toBeGreaterThan(0);
  });


  it('drops a deleted bin\'s series, and counts afresh when the name is used again', async () => {
    const has = (samples: Sample[]) => samples.some((x) => x.name === 'hookscope_requests_captured_total' && x.labels.bin === 'metrics-gone');
    for (let i = 0; i < 2; i++) await fetch(`${s.url}/h/metrics-gone`, { method: 'POST', body: 'x' });
    expect(value((await scrape()).samples, 'hookscope_requests_captured_total', { bin: 'metrics-gone' })).toBe(2);
    expect((await fetch(`${s.url}/api/bins/metrics-gone`, { method: 'DELETE' })).status).toBe(204);
    await vi.waitFor(async () => expect(has((await scrape()).samples)).toBe(false));
    await fetch(`${s.url}/h/metrics-gone`, { method: 'POST', body: 'x' });
    expect(value((await scrape()).samples, 'hookscope_requests_captured_total', { bin: 'metrics-gone' })).toBe(1);
  });
  it('reports the longest event loop stall, which a blocked loop raises', async () => {
    const stalled = Date.now() + 120;
    while (Date.now() < stalled); // hold the server's loop (it runs in this process) for 120 ms
    await new Promise((r) => setTimeout(r, 30));
    const { samples, types } = await scrape();
    expect(types.get('hookscope_event_loop_delay_max_seconds')).toBe('gauge');
    expect(value(samples, 'hookscope_event_loop_delay_max_seconds')).toBeGreaterThanOrEqual(0.1);
    expect(value(samples, 'hookscope_event_loop_delay_p99_seconds')).toBeGreaterThan(0);
  });

  it('reports live clients as a gauge', async () => {
    const c = await connect(wsUrl(s.url, '/api/bins/metrics-a/live'));
    try {
      expect(value((await scrape()).samples, 'hookscope_live_clients')).toBeGreaterThanOrEqual(1);
    } finally {
      c.close();
      await c.closed;
    }
  });

  it('counts wait calls by outcome', async () => {
    const before = (await scrape()).samples;
    await fetch(`${s.url}/api/bins/metrics-a/wait?name=never_sent&timeout=50`);
    await fetch(`${s.url}/api/bins/metrics-a/wait?timeout=oops`);
    const after = (await scrape()).samples;
    const delta = (outcome: string) =>
      value(after, 'hookscope_wait_calls_total', { outcome }) - value(before, 'hookscope_wait_calls_total', { outcome });
    expect(delta('timeout')).toBe(1);
    expect(delta('error')).toBe(1);
  });

  it('lets other parts count through ctx.metrics', async () => {
    s.context.metrics?.inc('hookscope_forward_deliveries_total', { status: '2xx' }, 3);
    const { samples, types } = await scrape();
    expect(value(samples, 'hookscope_forward_deliveries_total', { status: '2xx' })).toBe(3);
    expect(types.get('hookscope_forward_deliveries_total')).toBe('counter');
  });
});

describe('metrics registry', () => {
  it('escapes label values so any bin name stays one valid line', () => {
    expect(escapeLabel('a"b\\c\nd')).toBe('a\\"b\\\\c\\nd');
    const m = createMetrics();
    m.inc('hookscope_requests_captured_total', { bin: 'we"ird\nbin\\' }, 2);
    const { samples } = parse(m.render());
    expect(value(samples, 'hookscope_requests_captured_total', { bin: 'we"ird\nbin\\' })).toBe(2);
  });
});

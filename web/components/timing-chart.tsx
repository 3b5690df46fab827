// Events per request over time, drawn by uPlot (canvas, ~20 KiB gzipped). The library is loaded on
// first use only, as its own chunk, so the request list does not wait for it.
import type uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { useEffect, useRef } from 'preact/hooks';
import type { DeliveryTiming } from '../../core/wire.js';

type Series = DeliveryTiming['series'];

const css = (name: string, fallback: string): string => getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;

function data(series: Series): uPlot.AlignedData {
  return [series.map((p) => p.receivedAt / 1000), series.map((p) => p.events)];
}

function options(UPlot: typeof uPlot, width: number): uPlot.Options {
  const text = css('--muted', '#6b7380');
  const grid = css('--border', '#e2e5ea');
  const axis = { stroke: text, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } };
  return {
    width,
    height: 120,
    legend: { show: false },
    cursor: { drag: { x: false, y: false } },
    scales: { y: { range: (_u, _min, max) => [0, Math.max(1, max)] } },
    axes: [axis, { ...axis, size: 36 }],
    series: [
      {},
      { label: 'events', stroke: css('--accent', '#2563eb'), fill: css('--accent-soft', '#e8effd'), width: 1, paths: UPlot.paths.bars?.({ size: [0.8, 6] }), points: { show: false } },
    ],
  };
}

export function TimingChart({ series }: { series: Series }) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);

  useEffect(() => {
    let cancelled = false;
    void import('uplot').then(({ default: UPlot }) => {
      const el = box.current;
      if (cancelled || !el) return;
      if (plot.current) plot.current.setData(data(series));
      else plot.current = new UPlot(options(UPlot, Math.max(200, el.clientWidth)), data(series), el);
    });
    return () => void (cancelled = true);
  }, [series]);

  useEffect(() => {
    const el = box.current;
    const observer = new ResizeObserver(() => el && plot.current?.setSize({ width: Math.max(200, el.clientWidth), height: 120 }));
    if (el) observer.observe(el);
    return () => {
      observer.disconnect();
      plot.current?.destroy();
      plot.current = null;
    };
  }, []);

  return <div ref={box} class="timing-chart" role="img" aria-label={`Events per request, last ${series.length} deliveries`} />;
}

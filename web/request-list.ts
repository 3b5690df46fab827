// Pure operations on the newest-first request list. Ids are unique and increasing, so a list is
// kept sorted by id descending; live batches usually land on top (fast path), anything else merges.
import type { RequestSummary } from '../core/wire.js';

type List = readonly RequestSummary[];

/** Inserts or replaces (same id: the incoming copy is fresher) and keeps newest first. */
export function upsert(list: List, incoming: readonly RequestSummary[]): RequestSummary[] {
  if (incoming.length === 0) return list as RequestSummary[];
  const sorted = [...incoming].sort((a, b) => b.id - a.id);
  const top = list[0]?.id ?? 0;
  if (sorted[sorted.length - 1].id > top) return [...dedupeSorted(sorted), ...list];
  const byId = new Map<number, RequestSummary>();
  for (const r of list) byId.set(r.id, r);
  for (const r of sorted) byId.set(r.id, r);
  return [...byId.values()].sort((a, b) => b.id - a.id);
}

function dedupeSorted(sorted: RequestSummary[]): RequestSummary[] {
  return sorted.filter((r, i) => i === 0 || sorted[i - 1].id !== r.id);
}

/**
 * A fresh first page replaces the list, except requests newer than `keepAbove` (the highest id seen
 * when the page was asked for): those arrived live meanwhile and the page may not hold them.
 */
export function replaceWithPage(list: List, page: readonly RequestSummary[], keepAbove: number): RequestSummary[] {
  const newer = list.filter((r) => r.id > keepAbove);
  return upsert(page, newer);
}

export function removeId(list: List, id: number): RequestSummary[] {
  const i = list.findIndex((r) => r.id === id);
  return i < 0 ? (list as RequestSummary[]) : [...list.slice(0, i), ...list.slice(i + 1)];
}

/** Drops requests with id <= upTo (the server pruned them). */
export function pruneUpTo(list: List, upTo: number): RequestSummary[] {
  const i = list.findIndex((r) => r.id <= upTo);
  return i < 0 ? (list as RequestSummary[]) : list.slice(0, i);
}

export function maxId(list: readonly RequestSummary[]): number {
  let max = 0;
  for (const r of list) if (r.id > max) max = r.id;
  return max;
}

/** The id `steps` rows away from `current` (positive = older, down the list), clamped to the ends. */
export function neighbourId(list: List, current: number | null, steps: number): number | null {
  if (list.length === 0) return null;
  if (current === null) return list[0].id;
  const i = list.findIndex((r) => r.id === current);
  if (i < 0) return list[0].id;
  return list[Math.max(0, Math.min(list.length - 1, i + steps))].id;
}

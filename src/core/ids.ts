// IDs are a prefix and a number, never reused (SPEC §2): counters live in the store's meta and only go up.
import type { Counters, IdKind } from './types.js';
import { ID_PREFIXES } from './types.js';

export function allocateId(counters: Counters, kind: IdKind): { id: string; counters: Counters } {
  const next = counters[kind] + 1;
  return { id: `${ID_PREFIXES[kind]}${next}`, counters: { ...counters, [kind]: next } };
}

/** Numeric order of ids with the same prefix (m2 before m10). */
export function compareIds(a: string, b: string): number {
  return Number(a.slice(1)) - Number(b.slice(1)) || (a < b ? -1 : a > b ? 1 : 0);
}

/** Every counter at 0: a new store's. */
export function emptyCounters(): Counters {
  return Object.fromEntries(Object.keys(ID_PREFIXES).map((k) => [k, 0])) as Counters;
}

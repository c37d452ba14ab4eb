// balances.json: every member's points balance, kept by the store in the same commit as the ledger files it sums.
// A command that only needs balances (points add, member show) reads this small file instead of the whole ledger.
// It is derived data: `club check` recomputes it from the ledger and refuses a store where the two disagree.
import * as v from 'valibot';
import { StoreError } from '../core/errors.js';
import { balances } from '../core/points/ledger.js';
import type { LedgerEntry } from '../core/points/ledger.js';
import { serializeEntries } from './lines.js';
import { validateWith } from './validated-json-file.js';
import { t } from '../i18n/index.js';

export const BALANCES_FILE = 'balances.json';

const balancesSchema = v.record(v.pipe(v.string(), v.regex(/^m\d+$/)), v.pipe(v.number(), v.integer()));

export type Balances = ReadonlyMap<string, number>;

export function parseBalances(data: unknown, file: string): Map<string, number> {
  return new Map(Object.entries(validateWith(balancesSchema, data, file)));
}

/** Members in id order; members whose balance is zero are left out. */
export function serializeBalances(balances: Balances): string {
  return serializeEntries([...balances].filter(([, b]) => b !== 0).map(([id, b]) => [id, String(b)]));
}

/** Sum of deltas per member. */
export const sums = (entries: readonly unknown[]): Map<string, number> => balances(entries as readonly LedgerEntry[]);

/** What replacing `before` with `after` (ledger records) does to each balance. */
export function balanceChanges(before: readonly unknown[], after: readonly unknown[]): Map<string, number> {
  const out = sums(after);
  for (const [id, s] of sums(before)) out.set(id, (out.get(id) ?? 0) - s);
  for (const [id, d] of out) if (d === 0) out.delete(id);
  return out;
}

/** A member's balance after a change of `delta`; null when it is zero (the file has no entry for them then). */
export const applyDelta = (balance: number | undefined, delta: number): number | null => (balance ?? 0) + delta || null;

/** club check: the file must say what the ledger sums to. */
export function verifyBalances(balances: Balances, ledger: readonly unknown[], file: string): void {
  compareBalances(balances, sums(ledger), file);
}

/** The file's balances against those the ledger sums to. */
export function compareBalances(balances: Balances, actual: Balances, file: string): void {
  for (const id of new Set([...balances.keys(), ...actual.keys()])) {
    const said = balances.get(id) ?? 0;
    const is = actual.get(id) ?? 0;
    if (said !== is) throw new StoreError('store_invalid', t('store.saysButTheLedger', { file, id, said, is }), t('store.restoreTheStoreFrom'));
  }
}

/** Balances of one part of the ledger added into those of the parts before it. */
export function mergeSums(into: Map<string, number>, part: Balances): void {
  for (const [id, sum] of part) into.set(id, (into.get(id) ?? 0) + sum);
}

// Derived files: small summaries of a partitioned collection that the store keeps in the same commit as the
// collection, so a command can read the summary instead of every partition. Each is rebuilt from its source by a
// migration, recomputed and compared by `club check`, carried by backups, and never trusted over its source.
import { applyChanges, balanceChanges, BALANCES_FILE, parseBalances, serializeBalances, sums, verifyBalances } from './balances.js';
import type { PartitionedName } from './partitions.js';
import { applyPresence, parsePresence, PRESENCE_FILE, presenceChanges, presenceOf, serializePresence, verifyPresence } from './presence.js';

/** A derived file holds one value per member id (a JSON object on disk, a Map in memory). */
export interface Derived<V> {
  file: string;
  /** The collection it summarises. */
  source: PartitionedName;
  /** The parsed JSON of the file, validated. */
  parse(data: unknown, file: string): Map<string, V>;
  serialize(value: Map<string, V>): string;
  build(records: readonly unknown[]): Map<string, V>;
  /** The value after `before` was replaced by `after` in the source; null when nothing it holds changed. */
  update(value: () => Promise<Map<string, V>>, before: readonly unknown[], after: readonly unknown[]): Promise<Map<string, V> | null>;
  verify(value: Map<string, V>, records: readonly unknown[], file: string): void;
}

export const balancesIndex: Derived<number> = {
  file: BALANCES_FILE,
  source: 'ledger',
  parse: parseBalances,
  serialize: serializeBalances,
  build: sums,
  update: async (value, before, after) => {
    const changes = balanceChanges(before, after);
    return changes.size ? applyChanges(await value(), changes) : null;
  },
  verify: verifyBalances,
};

export const presenceIndex: Derived<string> = {
  file: PRESENCE_FILE,
  source: 'attendance',
  parse: parsePresence,
  serialize: serializePresence,
  build: presenceOf,
  update: async (value, before, after) => {
    const changes = presenceChanges(before, after);
    return changes.size ? applyPresence(await value(), changes) : null;
  },
  verify: verifyPresence,
};

export const derivedByName = { balances: balancesIndex, presence: presenceIndex } as const;
export type DerivedName = keyof typeof derivedByName;
export const DERIVED: ReadonlyArray<Derived<unknown>> = Object.values(derivedByName) as ReadonlyArray<Derived<unknown>>;

// The one Store interface. Commands reach data only through it; src/store/file-store.ts is the implementation.
import type { AuditEntry } from '../core/types.js';
import type { CollectionName, Collections, Meta } from './schema.js';

export type { CollectionName, Collections, Meta };

export type Snapshot<K extends CollectionName> = { meta: Meta } & Pick<Collections, K>;

export interface AuditInput {
  summary: string;
  refs?: string[];
}

export interface UpdateOutcome<R> {
  result: R;
  /** What the change was, for the audit log; null when nothing changed (nothing is written). */
  audit: AuditInput | null;
}

export interface StoreCounts {
  members: number;
  sessions: number;
  attendance: number;
  ledger: number;
  surveys: number;
  responses: number;
  tasks: number;
}

export interface Store {
  readonly dir: string;
  /** A consistent, validated snapshot of `names` (and the meta), read under the lock. */
  read<K extends CollectionName>(names: readonly K[]): Promise<Snapshot<K>>;
  /**
   * Runs `fn` on a snapshot taken under the lock and commits the collections it replaced, all or nothing.
   * `fn` must replace a collection's array (never mutate it) for the change to be written.
   */
  update<K extends CollectionName, R>(names: readonly K[], fn: (draft: Snapshot<K>) => UpdateOutcome<R>): Promise<R>;
  readAudit(): Promise<AuditEntry[]>;
  /** Validates every file; returns record counts. */
  check(): Promise<StoreCounts>;
  /** Writes a consistent single-file copy of the whole store to `outFile`. */
  backup(outFile: string): Promise<{ file: string; bytes: number }>;
}

// The two collections that grow without bound, attendance and the points ledger, are kept in many small files
// (schemaVersion 3) so that a command loads only the part it needs: a check-in one session's records, a monthly
// report its months. Which file a record lives in is a function of the record alone:
//   attendance.s12.json      attendance of sessions s192..s207 (16 consecutive sessions per file)
//   ledger.s12.json          automatic points booked for those sessions (reconciling a session needs them all)
//   ledger.2026-03.json      every other ledger entry, by the month its `at` was written in
// store.json lists every partition file with the time span of its records' `at`, which is how a read by time
// finds the files to open without opening the others.
import type { Attendance } from '../core/sessions/types.js';
import type { LedgerEntry } from '../core/points/ledger.js';
import type { CollectionName, Meta } from './schema.js';

export const PARTITIONED = ['attendance', 'ledger'] as const satisfies readonly CollectionName[];
export type PartitionedName = (typeof PARTITIONED)[number];

export const isPartitioned = (name: CollectionName): name is PartitionedName => (PARTITIONED as readonly string[]).includes(name);

/** Sessions per partition file. */
export const SESSIONS_PER_FILE = 16;

/**
 * What part of a partitioned collection a command needs: records of these sessions, and/or with `at` in [from, to),
 * and/or dated these local days (`YYYY-MM-DD`, `to` exclusive, in whatever zone: the store pads them; instead of
 * from and to).
 */
export interface PartScope {
  sessions?: readonly string[];
  from?: Date;
  to?: Date;
  days?: { from: string; to: string };
}

export type Scope = Partial<Record<PartitionedName, PartScope>> & {
  /** Also read every member's balance (balances.json), without reading the ledger. */
  balances?: boolean;
  /** Also read every member's attendance statuses (presence.json), without reading attendance. */
  presence?: boolean;
  /** Also read every member's summary (roster.json: name, status history, warnings), without reading members. */
  roster?: boolean;
  /**
   * Only these members are needed: `members`, balances and presence may then hold just them (at least them; callers
   * still look members up by id). A function is given the attendance and ledger read, which are read first.
   */
  memberIds?: readonly string[] | ((parts: { attendance?: readonly Attendance[]; ledger?: readonly LedgerEntry[] }) => readonly string[]);
  /**
   * Only these sessions are needed: `sessions` may then hold just them (at least them: a folder store reads their
   * blocks). Without it, all sessions.
   */
  sessionIds?: readonly string[];
  /** Also read every session's summary as `snapshot.calendar` (what attendance counting reads), sessions in id order. */
  calendar?: boolean;
};

export interface PartitionInfo {
  /** Earliest and latest `at` of the file's records (ISO, UTC); null when it is empty. */
  from: string | null;
  to: string | null;
}

/** `s12` for sessions s192..s207; null for an id that is not a session's. */
export function sessionBucket(id: string | null): string | null {
  const m = id ? /^s(\d+)$/.exec(id) : null;
  return m ? `s${Math.floor(Number(m[1]) / SESSIONS_PER_FILE)}` : null;
}

export function partitionKey(name: PartitionedName, record: unknown): string {
  if (name === 'attendance') return sessionBucket((record as Attendance).sessionId) ?? 'other';
  const entry = record as LedgerEntry;
  if (entry.kind === 'auto') {
    const bucket = sessionBucket(entry.ref);
    if (bucket) return bucket;
  }
  return /^\d{4}-\d{2}/.test(entry.at) ? entry.at.slice(0, 7) : 'other';
}

export const partitionFile = (name: PartitionedName, key: string): string => `${name}.${key}.json`;

/** The collection a store file belongs to: `ledger.2026-03.json` -> ledger. */
export const collectionOfFile = (file: string): string => file.replace(/\.json$/, '').split('.')[0]!;

export function filesOf(meta: Meta, name: PartitionedName): string[] {
  return Object.keys(meta.partitions ?? {})
    .filter((file) => collectionOfFile(file) === name)
    .sort(byPartitionOrder);
}

/** Session buckets in number order, then months, then anything else: roughly the order records were written. */
function byPartitionOrder(a: string, b: string): number {
  const rank = (f: string) => {
    const key = f.split('.')[1] ?? '';
    const s = /^s(\d+)$/.exec(key);
    return s ? [0, Number(s[1]), ''] as const : /^\d{4}-\d{2}$/.test(key) ? [1, 0, key] as const : [2, 0, key] as const;
  };
  const [ra, na, ka] = rank(a);
  const [rb, nb, kb] = rank(b);
  return ra - rb || na - nb || (ka < kb ? -1 : ka > kb ? 1 : 0);
}

/** The partition files a scope needs (all of them without a scope). */
export function selectFiles(meta: Meta, name: PartitionedName, scope: PartScope | undefined): string[] {
  const files = filesOf(meta, name);
  if (!scope) return files;
  const wanted = new Set<string>();
  for (const id of scope.sessions ?? []) {
    const bucket = sessionBucket(id);
    wanted.add(partitionFile(name, bucket ?? 'other'));
  }
  const window: { from?: Date; to?: Date } = scope.days ? dateWindow(scope.days.from, scope.days.to) : scope;
  if (window.from || window.to) {
    const from = window.from?.getTime() ?? -Infinity;
    const to = window.to?.getTime() ?? Infinity;
    for (const file of files) {
      const span = meta.partitions?.[file];
      if (!span?.from || !span.to) continue;
      if (Date.parse(span.to) >= from && Date.parse(span.from) < to) wanted.add(file);
    }
  }
  return files.filter((file) => wanted.has(file));
}

export function spanOf(records: readonly unknown[]): PartitionInfo {
  let min = Infinity;
  let max = -Infinity;
  for (const r of records) {
    const t = Date.parse((r as { at: string }).at);
    if (t < min) min = t;
    if (t > max) max = t;
  }
  return records.length ? { from: new Date(min).toISOString(), to: new Date(max).toISOString() } : { from: null, to: null };
}

/** Records of several partitions in one array: the ledger in id order, attendance in file order. */
export function mergeParts(name: PartitionedName, parts: ReadonlyArray<readonly unknown[]>): unknown[] {
  const all = parts.length === 1 ? [...parts[0]!] : parts.flat();
  if (name === 'ledger' && parts.length > 1) {
    const n = (e: unknown) => Number((e as LedgerEntry).id.slice(1));
    all.sort((a, b) => n(a) - n(b));
  }
  return all;
}

/** Records grouped by the file they belong in, in their order. */
export function groupByFile(name: PartitionedName, records: readonly unknown[]): Map<string, unknown[]> {
  const groups = new Map<string, unknown[]>();
  for (const r of records) {
    const file = partitionFile(name, partitionKey(name, r));
    const list = groups.get(file);
    if (list) list.push(r);
    else groups.set(file, [r]);
  }
  return groups;
}

/** Days to dates to instants for a scope: local dates may sit up to 14 hours either side of UTC. */
export function dateWindow(from: string, to: string, padDays = 0): { from: Date; to: Date } {
  const day = 86_400_000;
  return { from: new Date(Date.parse(`${from}T00:00:00Z`) - (padDays + 1) * day), to: new Date(Date.parse(`${to}T00:00:00Z`) + (padDays + 1) * day) };
}

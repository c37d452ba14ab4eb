// The two collections that grow without bound, attendance and the points ledger, are kept in many small files
// (schemaVersion 3) so that a command loads only the part it needs: a check-in one session's records, a monthly
// report its months. Which file a record lives in is a function of the record alone:
//   attendance.s12.json      attendance of sessions s192..s207 (16 consecutive sessions per file)
//   ledger.s12.json          automatic points booked for those sessions (reconciling a session needs them all)
//   ledger.2026-03.json      every other ledger entry, by the month its `at` was written in
// store.json lists every partition file with the time span of its records' `at`, which is how a read by time
// finds the files to open without opening the others.
//
// Members and sessions, and the derived files keyed by member (roster, presence, balances), are kept in id blocks
// (schemaVersion 9), so that a command on a few ids reads and writes only their blocks:
//   members.b12.json         members m12000..m12999 (MEMBERS_PER_FILE); members.other.json for any other id
//   sessions.b3.json         sessions s1500..s1999 (SESSIONS_PER_BLOCK)
//   roster.b12.json          the summaries of members m12000..m12999 (likewise presence.b12.json, balances.b12.json)
// They are listed in store.json's partitions too, with a null span: the list says which blocks exist.
import type { Attendance } from '../core/sessions/types.js';
import type { LedgerEntry } from '../core/points/ledger.js';
import type { Registration } from '../core/activities/types.js';
import type { CollectionName, Meta } from './schema.js';

export const PARTITIONED = ['attendance', 'ledger'] as const satisfies readonly CollectionName[];
export type PartitionedName = (typeof PARTITIONED)[number];

export const isPartitioned = (name: CollectionName): name is PartitionedName => (PARTITIONED as readonly string[]).includes(name);

/** The collections kept in id blocks. */
export const BLOCKED = ['members', 'sessions'] as const satisfies readonly CollectionName[];
export type BlockedName = (typeof BLOCKED)[number];
export const isBlocked = (name: string): name is BlockedName => (BLOCKED as readonly string[]).includes(name);

/** A collection kept in several files: partitioned by session or time, or in id blocks. */
export type SplitName = PartitionedName | BlockedName;
export const isSplit = (name: CollectionName): name is SplitName => isPartitioned(name) || isBlocked(name);

/** Members per block file (members and the derived files keyed by member). */
export const MEMBERS_PER_FILE = 1000;
/** Sessions per block file of the sessions collection. */
export const SESSIONS_PER_BLOCK = 500;

/** The block of an id (`b3` for m3000..m3999), or `other` for an id that is not `<prefix><digits>`. */
export function blockKey(id: unknown, prefix: string, per: number): string {
  if (typeof id !== 'string' || id[0] !== prefix) return 'other';
  const n = id.slice(1);
  return /^\d{1,15}$/.test(n) ? `b${Math.floor(Number(n) / per)}` : 'other';
}

/** The block file of a member id in a member-keyed file (`members`, `roster`, …): `roster.b3.json` for m3012. */
export const memberBlockFile = (base: string, id: string): string => `${base}.${blockKey(id, 'm', MEMBERS_PER_FILE)}.json`;

/** The block file of an id of a blocked collection. */
export const blockFileOf = (name: BlockedName, id: string): string =>
  name === 'members' ? memberBlockFile(name, id) : `${name}.${blockKey(id, 's', SESSIONS_PER_BLOCK)}.json`;

/** The block files of these ids that the store lists (a block not listed has no records yet), in block order. */
export function blockFiles(meta: Meta, ids: readonly string[], fileOf: (id: string) => string): string[] {
  const listed = meta.partitions ?? {};
  return [...new Set(ids.map(fileOf))].filter((file) => listed[file]).sort(byPartitionOrder);
}

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
  /**
   * Only these sessions are needed (at least these): a folder store reads their blocks of sessions only. Without it,
   * every session. (A scope given as a function is given every session: they are read before it is called.)
   */
  sessionIds?: readonly string[];
  /** Also read every member's balance (balances.json), without reading the ledger. */
  balances?: boolean;
  /** Also read every member's attendance statuses (presence.json), without reading attendance. */
  presence?: boolean;
  /** Also read every member's summary (roster.json: name, status history, warnings), without reading members. */
  roster?: boolean;
  /**
   * Also read every session's summary (calendar.json: start, status, audience) as `snapshot.calendar`, sessions in
   * id order, without reading sessions: what counting attendance needs.
   */
  calendar?: boolean;
  /**
   * Only these members are needed: `members`, balances and presence may then hold just them (at least them; callers
   * still look members up by id). A function is given what was read first: every other collection named, attendance
   * and the ledger included (registrations: the registrants of a session).
   */
  memberIds?: readonly string[] | ((read: { attendance?: readonly Attendance[]; ledger?: readonly LedgerEntry[]; registrations?: readonly Registration[] }) => readonly string[]);
  /**
   * Also the members these references may name (SPEC §3: an id, a name, a nickname, a contact): `members` may then hold
   * just those (at least those, with `memberIds`'). A store finds them without reading every member where it can.
   * Without it or memberIds, every member.
   */
  memberRefs?: readonly string[];
  /** Also the members who have one of these contacts (an email, phone, QQ or WeChat id, whatever its shape). */
  memberContacts?: readonly string[];
};

export interface PartitionInfo {
  /** Earliest and latest `at` of the file's records (ISO, UTC); null when it is empty. */
  from: string | null;
  to: string | null;
  /** A refs block's filter (refs.ts, filterOf), in its index entry: which keys the block may hold. */
  filter?: string;
}

/** `s12` for sessions s192..s207; null for an id that is not a session's. */
export function sessionBucket(id: string | null): string | null {
  const m = id ? /^s(\d+)$/.exec(id) : null;
  return m ? `s${Math.floor(Number(m[1]) / SESSIONS_PER_FILE)}` : null;
}

export function partitionKey(name: SplitName, record: unknown): string {
  if (name === 'members') return blockKey((record as { id?: unknown }).id, 'm', MEMBERS_PER_FILE);
  if (name === 'sessions') return blockKey((record as { id?: unknown }).id, 's', SESSIONS_PER_BLOCK);
  if (name === 'attendance') return sessionBucket((record as Attendance).sessionId) ?? 'other';
  const entry = record as LedgerEntry;
  if (entry.kind === 'auto') {
    const bucket = sessionBucket(entry.ref);
    if (bucket) return bucket;
  }
  return /^\d{4}-\d{2}/.test(entry.at) ? entry.at.slice(0, 7) : 'other';
}

export const partitionFile = (name: string, key: string): string => `${name}.${key}.json`;

/** The collection a store file belongs to: `ledger.2026-03.json` -> ledger. */
export const collectionOfFile = (file: string): string => file.replace(/\.json$/, '').split('.')[0]!;

/** The files of a split collection (or of a member-blocked derived file: `roster`) that store.json lists, in order. */
export function filesOf(meta: Meta, name: string): string[] {
  // Every file store.json lists is `<collection>.<key>.json`. The indexes list their files in order and are merged in
  // that order, so the files are almost always in order already: checked in one pass, sorted only when they are not.
  // (Ranking and sorting the 900 files of the ledger's index at 5x the large club cost 8 ms and 0.5 MB cold.)
  const prefix = `${name}.`;
  const files = Object.keys(meta.partitions ?? {}).filter((file) => file.startsWith(prefix));
  for (let i = 1; i < files.length; i++) if (byPartitionOrder(files[i - 1]!, files[i]!) > 0) return files.sort(byPartitionOrder);
  return files;
}

/** A file's key, between its first two dots (`ledger.2026-03.json` -> `2026-03`); '' for a name with no dot. */
function keyOfFile(file: string): string {
  const a = file.indexOf('.');
  if (a < 0) return '';
  const b = file.indexOf('.', a + 1);
  return b < 0 ? file.slice(a + 1) : file.slice(a + 1, b);
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/** 0 for a session bucket or block (`s12`, `b3`), 1 for a month (`2026-03`), 2 for anything else. */
function classOf(key: string): number {
  const c = key.charCodeAt(0);
  if ((c === 115 || c === 98) && key.length > 1) {
    let i = 1;
    while (i < key.length && isDigit(key.charCodeAt(i))) i++;
    if (i === key.length) return 0;
  }
  if (key.length === 7 && key.charCodeAt(4) === 45 && isDigit(c) && isDigit(key.charCodeAt(1)) && isDigit(key.charCodeAt(2)) && isDigit(key.charCodeAt(3)) && isDigit(key.charCodeAt(5)) && isDigit(key.charCodeAt(6))) return 1;
  return 2;
}

/**
 * Session buckets and blocks in number order, then months, then anything else: roughly the order records were
 * written. Worked out from the names as they are compared, with nothing kept (no rank per file).
 */
export function byPartitionOrder(a: string, b: string): number {
  const ka = keyOfFile(a);
  const kb = keyOfFile(b);
  const ca = classOf(ka);
  const cb = classOf(kb);
  if (ca !== cb) return ca - cb;
  // Buckets and blocks by number (equal numbers, even 1e400 against 1e400, are tied), the rest by their key's text.
  if (ca === 0) return Number(ka.slice(1)) - Number(kb.slice(1)) || 0;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/** Store files by collection, then in partition order (`members.b2.json` before `members.b10.json`). */
export function byFileOrder(a: string, b: string): number {
  const ca = collectionOfFile(a);
  const cb = collectionOfFile(b);
  return ca < cb ? -1 : ca > cb ? 1 : byPartitionOrder(a, b);
}

/** The partition files a scope needs (all of them without a scope). */
export function selectFiles(meta: Meta, name: PartitionedName, scope: PartScope | undefined): string[] {
  if (!scope) return filesOf(meta, name);
  const wanted = new Set<string>();
  for (const id of scope.sessions ?? []) {
    const bucket = sessionBucket(id);
    wanted.add(partitionFile(name, bucket ?? 'other'));
  }
  const window: { from?: Date; to?: Date } = scope.days ? dateWindow(scope.days.from, scope.days.to) : scope;
  // By session only: the files are named, not looked for among every file listed.
  if (!window.from && !window.to) return [...wanted].filter((file) => meta.partitions?.[file]).sort(byPartitionOrder);
  const files = filesOf(meta, name);
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

/** The span store.json lists for a file of `name`: null for a block (its records are found by id, not by time). */
export const spanFor = (name: string, records: readonly unknown[]): PartitionInfo => (isPartitioned(name as CollectionName) ? spanOf(records) : { from: null, to: null });

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

/**
 * Records of several partitions in one array: the ledger in id order, attendance in file order, blocks in block order
 * (id order, as the store writes each block).
 */
export function mergeParts(name: SplitName, parts: ReadonlyArray<readonly unknown[]>): unknown[] {
  const all = parts.length === 1 ? [...parts[0]!] : parts.flat();
  if (name === 'ledger' && parts.length > 1) {
    const n = (e: unknown) => Number((e as LedgerEntry).id.slice(1));
    all.sort((a, b) => n(a) - n(b));
  }
  return all;
}

/** Records grouped by the file they belong in, in their order. */
export function groupByFile(name: SplitName, records: readonly unknown[]): Map<string, unknown[]> {
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

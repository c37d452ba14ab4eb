// Derived files: small summaries of a collection that the store keeps in the same commit as the collection, so a
// command can read the summary instead of every partition (balances, presence) or every whole record (roster). Each
// is rebuilt from its source by a migration, recomputed and compared by `club check`, carried by backups, and never
// trusted over its source.
import { applyDelta, balanceChanges, BALANCES_FILE, compareBalances, mergeSums, parseBalances, serializeBalances, sums, verifyBalances } from './balances.js';
import type { MemberSummary } from '../core/types.js';
import { CALENDAR_FILE, calendarChanges, calendarOf, compareCalendar, decodeCalendar, parseCalendar, serializeCalendar, verifyCalendar, viewCalendar } from './calendar.js';
import type { CalendarEntry } from './calendar.js';
import { applyMarks, comparePresence, gatherPresence, mergePresence, parsePresence, PRESENCE_FILE, presenceChanges, presenceOf, serializePresence, verifyPresence } from './presence.js';
import { compareRoster, parseRoster, ROSTER_FILE, rosterChanges, rosterOf, serializeRoster, verifyRoster } from './roster.js';
import { compareRefs, parseRefs, REFS_FILE, refsChanges, refsOf, serializeRefs } from './refs.js';
import { textCrc } from './lines.js';
import { filesOf, memberBlockFile } from './partitions.js';
import type { CollectionName, Meta } from './schema.js';

/**
 * A derived file holds one value per member id (a JSON object on disk, one entry per line in id order; a Map in
 * memory). A member without an entry has the empty value (a zero balance, no attendance). calendar.json is keyed by
 * session id the same way (ids are a letter and a number: compareIds orders both).
 */
export interface Derived<V, P = unknown> {
  /** Its file (`calendar.json`); for one kept in member blocks, the name its blocks are named after (`roster.json`). */
  file: string;
  /**
   * Kept in member blocks (schemaVersion 9): `roster.b3.json` holds the entries of m3000..m3999, each block with its
   * own digest and listed in store.json's partitions. Otherwise one file.
   */
  blocked?: boolean;
  /** The collection it summarises. */
  source: CollectionName;
  /** The parsed JSON of the file, validated. */
  parse(data: unknown, file: string): Map<string, V>;
  serialize(value: Map<string, V>): string;
  build(records: readonly unknown[]): Map<string, V>;
  /** What replacing `before` with `after` in the source changes, by member; empty when nothing it holds changed. */
  changes(before: readonly unknown[], after: readonly unknown[]): Map<string, P>;
  /** A member's value after their change; null for the empty value, which has no entry. */
  apply(value: V | undefined, change: P): V | null;
  /** The JSON text of a value, as its entry's line holds it after `"m12":`. */
  encode(value: V): string;
  /** The value of an entry's JSON text, from bytes the store wrote (encode's inverse, without validation). */
  decode(json: string): V;
  /**
   * For a file that commands read whole but only to look at (the calendar): what they are given of bytes the store
   * wrote, made from the bytes without their entries. Unvouched bytes are validated into entries, and `snapshot`
   * makes the same view of those.
   */
  view?(bytes: Buffer): unknown;
  /**
   * Where each value is JSON (decode is JSON.parse): every entry of a whole file the store wrote, parsed at once. One
   * JSON.parse of the file costs less than slicing out and parsing its 1,000 lines one by one.
   */
  jsonValues?: true;
  /**
   * The file is one document, not a line per entry (the calendar's columns): its bytes, when the store wrote them, are
   * read whole with this; it is never picked from or spliced into (encode and decode are not used), and a change to it
   * is written whole.
   */
  document?(text: string): Map<string, V>;
  verify(value: Map<string, V>, records: readonly unknown[], file: string): void;
  /** `build` of one part of the source added into `build` of the parts before it (club check reads a part at a time). */
  merge(into: Map<string, V>, part: Map<string, V>): void;
  /**
   * What `club check` keeps, across the files of the source, of the value built from each (`merge`d into `into`
   * without it): only what `compare` needs. A value that is text kept as its CRC-32 (lines.ts, textCrc) takes a number
   * a member where its text took tens or hundreds of bytes: a 50,000-member club's check holds 17 MB when it comes to
   * the derived files, where it held 30, and the collector lets its heap grow to a few times what is live
   * (docs/performance.md, "Tenth round").
   */
  gather?(into: Map<string, unknown>, part: Map<string, V>): void;
  /** verify against a value built from the source (build, merge). */
  compare(value: Map<string, V>, actual: Map<string, V>, file: string): void;
}

/** encode and decode of a document (Derived.document), which has no entry lines. */
function notLines(): never {
  throw new Error('internal: a derived document has no entry lines');
}

export const balancesIndex: Derived<number, number> = {
  file: BALANCES_FILE,
  blocked: true,
  source: 'ledger',
  parse: parseBalances,
  serialize: serializeBalances,
  build: sums,
  changes: balanceChanges,
  apply: applyDelta,
  encode: String,
  decode: Number,
  verify: verifyBalances,
  merge: mergeSums,
  compare: compareBalances,
};

export const presenceIndex: Derived<string, ReturnType<typeof presenceChanges> extends Map<string, infer P> ? P : never> = {
  file: PRESENCE_FILE,
  blocked: true,
  source: 'attendance',
  parse: parsePresence,
  serialize: serializePresence,
  build: presenceOf,
  changes: presenceChanges,
  apply: applyMarks,
  encode: (text) => JSON.stringify(text),
  // A status text is ids and letters (the schema's pattern): its JSON is itself in quotes, nothing escaped.
  decode: (json) => json.slice(1, -1),
  verify: verifyPresence,
  merge: mergePresence,
  gather: gatherPresence,
  compare: comparePresence,
};

export const rosterIndex: Derived<MemberSummary, MemberSummary | null> = {
  file: ROSTER_FILE,
  blocked: true,
  source: 'members',
  parse: parseRoster,
  serialize: serializeRoster,
  build: rosterOf,
  changes: rosterChanges,
  apply: (_value, change) => change,
  encode: (summary) => JSON.stringify(summary),
  decode: (json) => JSON.parse(json) as MemberSummary,
  jsonValues: true,
  verify: verifyRoster,
  merge: (into, part) => {
    for (const [id, summary] of part) into.set(id, summary);
  },
  // Kept as the CRC-32 of their JSON text, which is what compare compares: a number, not an object, per member.
  gather: (into, part) => {
    for (const [id, summary] of part) into.set(id, textCrc(JSON.stringify(summary)));
  },
  compare: compareRoster,
};

/** What each member can be named by, folded (refs.ts): searched for a name instead of reading every member. */
export const refsIndex: Derived<string[], string[] | null> = {
  file: REFS_FILE,
  blocked: true,
  source: 'members',
  parse: parseRefs,
  serialize: serializeRefs,
  build: refsOf,
  changes: refsChanges,
  apply: (_value, change) => (change === null || change.length === 0 ? null : change),
  encode: (keys) => JSON.stringify(keys),
  decode: (json) => JSON.parse(json) as string[],
  jsonValues: true,
  verify: (refs, members, file) => compareRefs(refs, refsOf(members), file),
  merge: (into, part) => {
    for (const [id, keys] of part) into.set(id, keys);
  },
  // Kept as the CRC-32 of their JSON text, as the roster's are.
  gather: (into, part) => {
    for (const [id, keys] of part) into.set(id, textCrc(JSON.stringify(keys)));
  },
  compare: compareRefs,
};

/** Keyed by session id: each session's start, status and audience, kept in columns (calendar.ts). */
export const calendarIndex: Derived<CalendarEntry, CalendarEntry | null> = {
  file: CALENDAR_FILE,
  source: 'sessions',
  parse: parseCalendar,
  serialize: serializeCalendar,
  build: calendarOf,
  changes: calendarChanges,
  apply: (_value, change) => change,
  encode: notLines,
  decode: notLines,
  document: decodeCalendar,
  view: viewCalendar,
  verify: verifyCalendar,
  merge: (into, part) => {
    for (const [id, entry] of part) into.set(id, entry);
  },
  compare: compareCalendar,
};

/** The whole value after `changes`. */
export function applyAll<V, P>(index: Derived<V, P>, value: ReadonlyMap<string, V>, changes: ReadonlyMap<string, P>): Map<string, V> {
  const next = new Map(value);
  for (const [id, change] of changes) {
    const after = index.apply(next.get(id), change);
    if (after === null) next.delete(id);
    else next.set(id, after);
  }
  return next;
}

export const derivedByName = { balances: balancesIndex, presence: presenceIndex, roster: rosterIndex, refs: refsIndex, calendar: calendarIndex } as const;
export type DerivedName = keyof typeof derivedByName;
export const DERIVED: ReadonlyArray<Derived<unknown>> = Object.values(derivedByName) as unknown as ReadonlyArray<Derived<unknown>>;

/** `roster` for roster.json: what its blocks are named after. */
export const baseOf = (index: Derived<unknown>): string => index.file.replace(/\.json$/, '');

/** The file that holds the entry of `id`. */
export const derivedFileOf = (index: Derived<unknown>, id: string): string => (index.blocked ? memberBlockFile(baseOf(index), id) : index.file);

/**
 * The derived files a backup holds. Not the refs blocks: the members' names and contacts again, folded, which a purge
 * would have to find there. Not the calendar: its layout changed at schemaVersion 12, and it is the sessions' again.
 * A restore makes both from the records.
 */
export const BACKED_UP: ReadonlyArray<Derived<unknown>> = DERIVED.filter((index) => index !== (refsIndex as Derived<unknown>) && index !== (calendarIndex as Derived<unknown>));

/** The files a derived value is kept in, as store.json lists them: its blocks in order, or its one file. */
export const derivedFilesOf = (index: Derived<unknown>, meta: Meta): string[] => (index.blocked ? filesOf(meta, baseOf(index)) : [index.file]);

/** The derived value a store file holds (a block or a whole file), or undefined when it holds none. */
export function derivedOfFile(name: string): Derived<unknown> | undefined {
  return DERIVED.find((index) => (index.blocked ? new RegExp(`^${baseOf(index)}\\.b\\d+\\.json$`).test(name) : index.file === name));
}

/** A value's entries grouped by the file each belongs in, files in the order of their first entry. */
export function byFile<V>(index: Derived<V>, value: ReadonlyMap<string, V>): Map<string, Map<string, V>> {
  const groups = new Map<string, Map<string, V>>();
  for (const [id, v] of value) {
    const file = derivedFileOf(index as Derived<unknown>, id);
    let group = groups.get(file);
    if (!group) groups.set(file, (group = new Map()));
    group.set(id, v);
  }
  return groups;
}

// Store migrations. Each step turns the raw JSON of schemaVersion N into N+1 before validation; the runner in
// file-store.ts backs up the old files byte for byte first and writes the result in one journaled commit.
//
// Any change to a schema in schema.ts needs a new version and a step here, even one that changes no data: reads
// trust files whose digest matches what the store last wrote, and a migration is what rewrites those digests.
import { startOfDate, toInstantString } from '../core/time.js';
import { COLLECTION_NAMES } from './schema.js';
import type { CollectionName } from './schema.js';
import { MONEY_DEFAULTS, READING_DEFAULTS } from '../core/settings.js';
import { t } from '../i18n/index.js';

export const CURRENT_SCHEMA_VERSION = 12;

/**
 * The last schemaVersion that changed what a club holds (records, settings, counters; a database's tables). The versions
 * after it changed only how a folder store lays out its files (10: an index per collection; 11: refs blocks), so a database club of
 * any version from it on is current, and a backup of one holds what this club's would: no `club store upgrade`, no
 * migration of the records.
 */
export const DATA_SCHEMA_VERSION = 9;

/** A club of `version` holds what a club of this version would (DATA_SCHEMA_VERSION). */
export const holdsCurrentData = (version: number): boolean => version >= DATA_SCHEMA_VERSION && version <= CURRENT_SCHEMA_VERSION;

export interface RawStore {
  meta: Record<string, unknown>;
  /** Collection name -> its records (all its partition files together), absent when it has no file in that version. */
  collections: Record<string, unknown>;
}

export interface Migration {
  from: number;
  describe: string;
  up(raw: RawStore): RawStore;
  /**
   * For a step that changes each record on its own, and the meta only otherwise: what it does to any run of a
   * collection's records (a file's), which `up` does to the whole store. With it, the runner migrates the store a
   * collection at a time (migrate-by-collection.ts) instead of holding it whole.
   */
  records?(name: CollectionName, records: unknown[]): unknown[];
}

/** Ordered by `from`; one step per version. */
export const MIGRATIONS: Migration[] = [
  {
    from: 1,
    describe: 'sessions, attendance, topics, votes, rewards, surveys, responses and feedback get a file each; ledger entries get a rule',
    up: (raw) => ({
      ...raw,
      collections: {
        sessions: [],
        attendance: [],
        topics: [],
        votes: [],
        rewards: [],
        surveys: [],
        responses: [],
        feedback: [],
        ...raw.collections,
        ledger: ((raw.collections.ledger ?? []) as Array<Record<string, unknown>>).map((entry) => ({ ...entry, rule: entry.rule ?? null })),
      },
    }),
  },
  {
    from: 2,
    describe: 'attendance and the ledger are split into partition files (attendance.s12.json, ledger.2026-03.json), listed in store.json',
    // The records are unchanged; the file store writes every collection in the layout of the new version.
    up: (raw) => ({ ...raw, meta: { ...raw.meta, partitions: {} } }),
  },
  {
    from: 3,
    describe: 'store.json records a CRC-32 of each file it wrote instead of a SHA-1; roster.json summarises the members',
    // No record changes: the runner writes every file again, store.json with their new digests, and builds every
    // derived file (roster.json is new) from its collection.
    up: (raw) => raw,
  },
  {
    from: 4,
    describe: 'every record gets recordedAt (when it was committed); sessions get cancelledAt, topicChosenAt and bestChosenAt',
    // Reports as of an earlier time keep only what was recorded by then. What a store of version 4 did not keep is
    // derived: a record's own creation instant (createdAt, else at), else the start of its date, else the store's
    // creation. State changes whose time was not kept (a session cancelled, a topic or best performer chosen) get
    // null: they count as made before any time a report asks about.
    // Version 5 also allows task status 'cancelled' with `cancelledAt` (open tasks of departed members), which needs
    // no change to existing records.
    up: (raw) => {
      const tz = (raw.meta.settings as { timezone?: string } | undefined)?.timezone ?? 'UTC';
      const fallback = String(raw.meta.createdAt);
      const recordedAt = (r: Record<string, unknown>): string => {
        if (typeof r.recordedAt === 'string') return r.recordedAt;
        if (typeof r.createdAt === 'string') return r.createdAt;
        if (typeof r.at === 'string') return r.at;
        if (typeof r.date === 'string') return toInstantString(startOfDate(r.date, tz), tz);
        return fallback;
      };
      const collections: Record<string, unknown> = { ...raw.collections };
      for (const name of COLLECTION_NAMES) {
        const records = raw.collections[name];
        if (!Array.isArray(records)) continue;
        collections[name] = (records as Array<Record<string, unknown>>).map((r) => ({
          ...r,
          ...(name === 'sessions' ? { cancelledAt: r.cancelledAt ?? null, topicChosenAt: r.topicChosenAt ?? null, bestChosenAt: r.bestChosenAt ?? null } : {}),
          recordedAt: recordedAt(r),
        }));
      }
      return { ...raw, collections };
    },
  },
  {
    from: 5,
    describe: 'activities, registrations, staff and hours get a file each; settings approval.types, discipline.noShowLimit, evaluation.surveyDays; counters for hours, money and reading',
    // Sessions that existed before the upgrade count as approved (SPEC §14): each one of an approval type gets an
    // activity record `approved` with the step `migrated` (no plan), dated when the session was recorded.
    up: (raw) => {
      const settings = { 'approval.types': 'competition,exhibition,social', 'discipline.noShowLimit': 3, 'evaluation.surveyDays': 7, ...(raw.meta.settings as object) };
      const counters = { hours: 0, expense: 0, donation: 0, donor: 0, book: 0, reading: 0, ...(raw.meta.counters as object) };
      const types = settings['approval.types'].split(',');
      const sessions = (Array.isArray(raw.collections.sessions) ? raw.collections.sessions : []) as Array<Record<string, unknown>>;
      const activities = sessions
        .filter((s) => types.includes(String(s.type)))
        .map((s) => ({
          sessionId: s.id,
          status: 'approved',
          plan: null,
          history: [{ step: 'migrated', by: null, at: s.recordedAt, comment: null }],
          recordedAt: s.recordedAt,
        }));
      return {
        meta: { ...raw.meta, settings, counters },
        collections: { activities, registrations: [], staff: [], hours: [], ...raw.collections },
      };
    },
  },
  {
    from: 6,
    describe: 'books, shelves, readingTasks and readingCheckins get a file each; settings reading.days, reading.bigBookDays, reading.missesBeforeRemoval, points.readingNote',
    up: (raw) => ({
      meta: { ...raw.meta, settings: { ...READING_DEFAULTS, ...(raw.meta.settings as object) } },
      collections: { books: [], shelves: [], readingTasks: [], readingCheckins: [], ...raw.collections },
    }),
  },
  {
    from: 7,
    describe: 'budgets, expenses, donors and donations get a file each; setting currency; the budget of each activity plan becomes its session\'s budgets',
    // SPEC §14: a plan's budget [{category, amount}] becomes the session's budgets.
    up: (raw) => {
      const activities = (Array.isArray(raw.collections.activities) ? raw.collections.activities : []) as Array<Record<string, unknown>>;
      const budgets = activities.flatMap((a) => {
        const plan = a.plan as { budget?: Array<{ category: string; amount: number }> } | null;
        return (plan?.budget ?? []).map((b) => ({
          sessionId: a.sessionId,
          category: b.category,
          amount: b.amount,
          note: null,
          at: a.recordedAt,
          by: null,
          forced: false,
          recordedAt: a.recordedAt,
        }));
      });
      return {
        meta: { ...raw.meta, settings: { ...MONEY_DEFAULTS, ...(raw.meta.settings as object) } },
        collections: { budgets, expenses: [], donors: [], donations: [], ...raw.collections },
      };
    },
  },
  {
    from: 8,
    describe: 'members and sessions, and roster, presence and balances, are kept in id blocks (members.b0.json: m1..m999, sessions.b0.json: s1..s499), each listed in store.json with its digest; calendar.json summarises the sessions (start, end, status, audience) for counting attendance',
    // No record changes: the runner writes every collection in the layout of the new version (blocks), builds every
    // derived file (in its blocks; calendar.json, new, whole), and retires members.json, sessions.json, roster.json, presence.json and balances.json.
    up: (raw) => raw,
    // A collection at a time (migrate-by-collection.ts): held whole, the large club took 273 MiB, 5x it 1.3 GiB.
    records: (_name, records) => records,
  },
  {
    from: 9,
    describe: 'store.json no longer lists every partition and block: each collection kept in several files (attendance, ledger, members, sessions, roster, presence, balances) gets an index of its files with their digests and spans (attendance.index.json), whose digest store.json holds',
    // No record changes: the runner writes every file again, every index, and store.json with the indexes' digests (a
    // store of 9 takes FileStore.layoutFrom instead, which writes only the indexes and store.json). An older store's
    // migration through this step still goes a collection at a time.
    records: (_, records) => records,
    up: (raw) => {
      const { partitions: _partitions, ...meta } = raw.meta;
      void _partitions;
      return { ...raw, meta };
    },
  },
  {
    from: 10,
    describe: 'each block of members gets a block of what its members can be named by (refs.b0.json: names, nicknames and contacts, folded as references compare them), listed in refs.index.json, so that a command naming a member by name reads those instead of every member',
    // No record changes: FileStore.layoutFrom writes the refs blocks, their index and store.json, and nothing else. An
    // older store's migration through this step goes a collection at a time, building every derived file.
    records: (_, records) => records,
    up: (raw) => raw,
  },
  {
    from: 11,
    describe: 'calendar.json holds the sessions in columns (their numbers, starts in milliseconds, status letters, and the audiences of their own) instead of a line per session, so that counting a member\'s attendance reads it with one parse',
    // No record changes: FileStore.layoutFrom writes calendar.json and store.json, and nothing else. An older store's
    // migration through this step goes a collection at a time, building every derived file.
    records: (_, records) => records,
    up: (raw) => raw,
  },
];

export function migrate(raw: RawStore, from: number, migrations: Migration[] = MIGRATIONS, to = CURRENT_SCHEMA_VERSION): RawStore {
  let current = raw;
  for (let version = from; version < to; version++) {
    const step = migrations.find((m) => m.from === version);
    if (!step) throw new Error(t('store.noMigrationFromSchemaversion', { version }));
    current = step.up(current);
    current.meta = { ...current.meta, schemaVersion: version + 1 };
  }
  return current;
}

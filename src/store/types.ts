// The one Store interface. Commands reach data only through it (tests/store/seam.test.ts holds them to that):
// no file names, partition files, derived-file encodings or paths of the store leak into commands.
// src/store/file-store.ts is the implementation.
import type { AttendanceMark } from '../core/attendance/rules.js';
import type { SessionTimeline } from '../core/sessions/timeline.js';
import type { AuditEntry } from '../core/types.js';
import type { AccessRole, Identity } from '../core/access.js';
import type { Balances } from './balances.js';
import type { ReceiptFile } from '../core/money/receipts.js';
import type { BackupBundle } from './bundle.js';
import type { BundleSink } from './backup-stream.js';
import type { Roster } from './roster.js';
import type { PartitionedName, Scope } from './partitions.js';
import type { CollectionName, Collections, Meta } from './schema.js';

export type { CollectionName, Collections, Meta };

/** The collections stored whole (not partitioned) whose records are keyed by `id`. */
export type IdCollection = 'members' | 'sessions' | 'tasks' | 'rewards' | 'surveys' | 'feedback';
export type { PartScope, Scope } from './partitions.js';

/**
 * Which part of attendance and the ledger to load (see partitions.ts): a scope, or a function that picks one from
 * the other collections of the same snapshot but members (e.g. the sessions of a month), read before the members so
 * that it can name the members needed (memberIds). Without one, all of them.
 */
export type ScopeArg<K extends CollectionName> = Scope | ((snapshot: Snapshot<Exclude<K, PartitionedName | 'members'>>) => Scope);

export type Snapshot<K extends CollectionName> = { meta: Meta } & Pick<Collections, K> & {
  /** Every member's points balance (members without entries absent), when the scope asked for `balances`. */
  balances?: Balances;
  /** Every member's attendance statuses, when the scope asked for `presence`. */
  presence?: PresenceView;
  /** Every member's summary, in id order, when the scope asked for `roster`. */
  roster?: Roster;
  /** Every session's start, status and audience (a timeline, in id order), when the scope asked for `calendar`. */
  calendar?: SessionTimeline;
};

/** Every member's attendance status at each session, without the attendance records. */
export interface PresenceView {
  /** The member's statuses, every session they have one at. */
  marksOf(memberId: string): AttendanceMark[];
  /** The statuses of these members at these sessions only. */
  marksAt(memberIds: readonly string[], sessionIds: readonly string[]): AttendanceMark[];
}

/** A report template the store holds its own copy of. */
export interface StoredTemplate {
  /** The template's file name, e.g. `weekly.zh.md.hbs`. */
  name: string;
  /** Where the store keeps it, for people (a path, in a folder store). */
  where: string;
}

export interface AuditInput {
  summary: string;
  refs?: string[];
}

export interface UpdateOutcome<R> {
  result: R;
  /** What the change was, for the audit log; null when nothing changed (nothing is written). */
  audit: AuditInput | null;
  /**
   * Rewrites the store's automatic backups (`member purge`): every JSON document they hold is passed to `rewrite`,
   * under the same lock and before the change is committed, so that a failure leaves the member to purge again.
   * `rewrite` returns the document itself (===) when it has nothing to change. A store without automatic backups
   * reports none.
   */
  backups?: BackupRewrite;
  /**
   * Receipt files to keep in the store with the change, in the same commit (SPEC §10): each under its SHA-256, which
   * the caller computed from its bytes. One the store holds already is left as it is.
   */
  receipts?: ReceiptFile[];
}

export interface BackupRewrite {
  rewrite: (doc: unknown) => unknown;
  /** Told which backups (paths inside the backups folder) were rewritten, and which could not be read as JSON. */
  done: (report: { rewritten: string[]; unreadable: string[] }) => void;
}

/** The records of every collection and the audit log's entries, as a check counts them (CheckOptions.counted). */
export type EveryCount = Record<CollectionName | 'audit', number>;

export interface CheckOptions {
  /** A database store's audit chain must still reach this hash (`club log --head`). */
  head?: string;
  /** Given every collection's count and the audit log's once the check has passed: store copy compares them. */
  counted?: (counts: EveryCount) => void;
}

export interface StoreCounts {
  members: number;
  sessions: number;
  attendance: number;
  ledger: number;
  surveys: number;
  responses: number;
  tasks: number;
  activities: number;
  registrations: number;
  staff: number;
  hours: number;
}

export interface StoreInfo {
  kind: 'folder' | 'postgres';
  location: string;
  schemaVersion: number;
  user: string;
  role: AccessRole;
}

/** One login's access to a database store (`club access list`). */
export interface AccessEntry {
  user: string;
  role: AccessRole;
  memberId: string | null;
}

export interface Store {
  /** A folder store, or a PostgreSQL database (SPEC §8). */
  readonly kind: 'folder' | 'postgres';
  /**
   * Where the store is, for people: a folder store's path, a database's URL without its password. Not for reaching
   * into it: ask the store.
   */
  readonly location: string;
  /** Who runs this command and with which access role: on a folder store the OS user (or --by), always `owner`. */
  identity(): Promise<Identity>;
  /** What `club store info` shows: the kind, the location, the schema version, who runs the command and their role. */
  info(): Promise<StoreInfo>;
  /**
   * Brings a store written by an older club to this club's schemaVersion and says from which to which (equal when it
   * was current: nothing changed). A folder store migrates as it is opened, after a backup; a database store only
   * here, run by its owner, in one transaction (other commands on an older database exit 3, store_too_old). A
   * database of this schemaVersion made before the index that finds members by name gets it (`indexed`), and nothing
   * else changes.
   */
  upgrade(): Promise<{ from: number; to: number; created: string[]; indexed?: boolean }>;
  /** Who may use the store, with which role (SPEC §8). A folder store lists its one person, the owner. */
  listAccess(): Promise<AccessEntry[]>;
  /**
   * Gives an existing database login a role (replacing any it had), linked to a member when `memberId` is given.
   * A folder store refuses (exit 1): it has no logins.
   */
  grantAccess(user: string, role: AccessRole, memberId: string | null): Promise<AccessEntry>;
  /** Takes every club role from a login; refused when it would leave the club without an owner. */
  revokeAccess(user: string): Promise<void>;
  /** Ends the store's connection, if it has one (a database store); a folder store has nothing to close. */
  close(): Promise<void>;
  /**
   * A consistent, validated snapshot of `names` (and the meta), read under the lock. With a scope, attendance and
   * the ledger hold at least the records in scope (whole partition files: callers still filter).
   */
  read<K extends CollectionName>(names: readonly K[], scope?: ScopeArg<K>): Promise<Snapshot<K>>;
  /**
   * Runs `fn` on a snapshot taken under the lock and commits the collections it replaced, all or nothing.
   * `fn` must replace a collection's array (never mutate it) for the change to be written. With a scope, records
   * `fn` adds outside it are added to their files; what it did not load it cannot change.
   */
  update<K extends CollectionName, R>(names: readonly K[], fn: (draft: Snapshot<K>) => UpdateOutcome<R>, scope?: ScopeArg<K>): Promise<R>;
  /**
   * A whole collection laid out as jsonLines lays it out (a JSON array, one record per line), records in id order:
   * for printing it as it is. The bytes the store wrote are returned unparsed when the digest vouches for them and
   * they are in id order; otherwise the records are read as read() reads them and laid out again.
   */
  readLines(name: IdCollection): Promise<Uint8Array>;
  readAudit(): Promise<AuditEntry[]>;
  /**
   * The latest audit row's hash (`club log --head`), to keep elsewhere and hand back to `check({ head })`; null when
   * the log is empty or not hash-chained (a folder store).
   */
  auditHead(): Promise<string | null>;
  /**
   * Validates every file; returns record counts. With `head` (a database store), the audit chain must still reach
   * that hash (exit 3 when it was rewritten); a folder store, whose log is not hash-chained, refuses it (exit 2).
   */
  check(options?: CheckOptions): Promise<StoreCounts>;
  /**
   * Rebuilds, from its collection, each derived file (roster.json, presence.json, balances.json) that is missing,
   * damaged or disagrees with the collection, in one commit; returns the files rebuilt (none when all agree). The
   * collections themselves are never changed: a damaged one is refused as any read refuses it.
   */
  repair(): Promise<string[]>;
  /**
   * Writes a consistent single-file copy of the whole store to `outFile`, or without one into the store's own
   * backups (a folder store's `backups/backup-<time>.json`), and says where.
   */
  backup(outFile?: string): Promise<{ file: string; bytes: number }>;
  /** The whole store as a backup holds it (every record, the audit log, the store's templates), read consistently. */
  bundle(): Promise<BackupBundle>;
  /**
   * The whole store as a backup holds it, read consistently (under the lock, or in one transaction) and pushed into
   * `sink` a file and a batch of records at a time: memory that does not grow with the club (backup, store copy).
   */
  writeBackup(sink: BundleSink): Promise<void>;
  /** The bytes of the receipt kept under `sha256`, or null when the store has none. */
  readReceipt(sha256: string): Promise<Uint8Array | null>;
  /** The store's own copy of template `name` (a file name such as `weekly.zh.md.hbs`), or null when it has none. */
  readTemplate(name: string): Promise<(StoredTemplate & { text: string }) | null>;
  /** The templates the store holds its own copies of, by name. */
  listTemplates(): Promise<StoredTemplate[]>;
  /** Keeps `text` as the store's own copy of template `name`, replacing any copy it had. */
  writeTemplate(name: string, text: string): Promise<StoredTemplate>;
}

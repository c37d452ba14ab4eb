// The file store: a directory of JSON files, one per collection, read and written through lowdb with adapters of
// our own (validated-json-file.ts). A change to several files is made atomic by a redo journal:
//   1. each changed file is written to a unique temp file and fsynced;
//   2. journal.json names the renames and the audit lines (written temp + fsync + rename: the commit point);
//   3. the renames and the audit append are applied, the directory fsynced, the journal removed.
// Whoever takes the lock next finds an unfinished journal and completes it, so a crash leaves the old or the new
// store, never a mix. Every command, reads included, holds the lock from its first read to its last rename.
import { Low } from 'lowdb';
import { basename, dirname, join, relative } from 'node:path';
import { isUtf8 } from 'node:buffer';
import { compareIds } from '../core/ids.js';
import type { Identity } from '../core/access.js';
import type { AuditEntry, Member } from '../core/types.js';
import { givenId, lookupKeys, resolveMember, splitReferences } from '../core/members/reference.js';
import { filterOf, isRefsBlock, mayHold, membersWithKeys, scanRefsIndex } from './refs.js';
import { RuleError, StoreBusyError, StoreError, UsageError } from '../core/errors.js';
import { isValidTimeZone } from '../core/settings.js';
import type { Lock } from './lock.js';
import { HeldBuffer } from './buffers.js';
import { ensureDir, foreignEntry, isTempOf, plainDirOrNone, readPlainSync, tempPath } from './fs.js';
import type { StoreFs } from './fs.js';
import { CURRENT_SCHEMA_VERSION, MIGRATIONS, migrate } from './migrations.js';
import type { Migration, RawStore } from './migrations.js';
import { NotByCollection, migratesByCollection, planByCollection } from './migrate-by-collection.js';
import { BLOCKED, blockFileOf, byFileOrder, byPartitionOrder, blockFiles, collectionOfFile, filesOf, groupByFile, isBlocked, isPartitioned, isSplit, mergeParts, partitionFile, partitionKey, selectFiles, spanFor, spanOf } from './partitions.js';
import type { BlockedName, PartScope, PartitionInfo, Scope, SplitName } from './partitions.js';
import { t, useClubLang } from '../i18n/index.js';
import { COLLECTION_NAMES, INDEX_FILE, PARTITION_FILE, auditEntrySchema, copyRecord, metaSchema } from './schema.js';
import { INDEXED, entriesInIndex, entryInIndex, indexEntriesOf, indexEntriesOver, indexFile, indexOfFile, parseIndex, rootOf, selectFromIndex, serializeIndex, spliceIndex } from './indexes.js';
import type { IndexEntry, IndexedName, SelectableIndex } from './indexes.js';
import type { CollectionName, Meta } from './schema.js';
import type { BackupBundle } from './bundle.js';
import type { BundleSink } from './backup-stream.js';
import type { AccessEntry, AuditInput, BackupRewrite, CheckOptions, IdCollection, ScopeArg, Snapshot, Store, StoreCounts, StoreInfo, StoredTemplate, UpdateOutcome } from './types.js';
import { presenceView } from './presence.js';
import type { Presence } from './presence.js';
import { timelineOfCalendar } from './calendar.js';
import type { Calendar } from './calendar.js';
import { FolderTemplates, TEMPLATE_DIR } from './templates.js';
import { SHA256_RE, referencedReceipts, sha256Of } from '../core/money/receipts.js';
import type { ReceiptFile } from '../core/money/receipts.js';
import type { Expense } from '../core/money/types.js';
import { inIdOrder, joinLines } from './lines.js';
import { stampRecorded } from './recorded.js';
import { BACKED_UP, DERIVED, baseOf, calendarIndex, derivedByName, derivedFileOf, derivedOfFile, refsIndex } from './derived.js';
import { DerivedFiles, derivedError } from './derived-files.js';
import type { DerivedRead, ReadMode } from './derived-files.js';
import type { Derived, DerivedName } from './derived.js';
import { CollectionFile, MetaFile, NeedsLock, decodeJson, digestOf, durableWrite, readBytes, serializeCollection, validateCollection, validateRecords, validateWith, vouchedFor } from './validated-json-file.js';
import type { Stager } from './validated-json-file.js';

export const META_FILE = 'store.json';
export const AUDIT_FILE = 'audit.jsonl';
export const JOURNAL_FILE = 'journal.json';
export const BACKUP_DIR = 'backups';
export const FILE_MODE = 0o600;
/** Receipt files, each named by the SHA-256 of its bytes (SPEC §10). */
export const RECEIPT_DIR = 'receipts';
export const DIR_MODE = 0o700;
/** The folders a store holds (lock.ts's LOCK_DIR: not imported, which would load proper-lockfile on every read). */
const STORE_DIRS = new Set([BACKUP_DIR, TEMPLATE_DIR, 'lock', RECEIPT_DIR]);

export interface StoreOptions {
  fs: StoreFs;
  actor: string;
  /** The command line, for the audit log and the lock owner. */
  command: string;
  now: Date;
  tz?: string;
  waitMs?: number;
  warn?: (message: string) => void;
  /** `--by` or $CLUB_ACTOR when given (then `actor`): a member a change's audit records by id. */
  onBehalf?: string | null;
  /** Overridable for tests of the migration runner. */
  migrations?: Migration[];
  targetVersion?: number;
}

interface Journal {
  renames: Array<[string, string]>;
  /** Files the change retires (a migration to another layout); absent in journals of older versions. */
  removes?: string[];
  audit: { offset: number; text: string } | null;
}

interface LoadedCollection {
  /** One lowdb per file read: the collection's file, or the partition files in scope. */
  files: Map<string, Low<unknown[]>>;
  data: unknown[];
}

interface Loaded {
  meta: Low<Meta>;
  collections: Map<CollectionName, LoadedCollection>;
  /** Derived files the scope asked for (balances, presence, roster), whole or for the scope's members only. */
  derived: Map<DerivedName, DerivedRead>;
}

export const collectionFile = (name: CollectionName): string => `${name}.json`;

export class FileStore implements Store {
  readonly kind = 'folder' as const;
  readonly dir: string;
  private readonly fs: StoreFs;
  private readonly options: StoreOptions;
  private readonly derivedFiles: DerivedFiles;

  constructor(dir: string, options: StoreOptions) {
    this.dir = dir;
    this.fs = options.fs;
    this.options = options;
    this.derivedFiles = new DerivedFiles(this.fs, (file) => this.path(file), this.stager);
  }

  get location(): string {
    return this.dir;
  }

  /** One person keeps a folder: whoever runs the command (--by, $CLUB_ACTOR or the OS user) is its owner. */
  async identity(): Promise<Identity> {
    return { user: this.options.actor, role: 'owner', memberId: null };
  }

  async close(): Promise<void> {}

  async info(): Promise<StoreInfo> {
    const meta = await this.loadMeta();
    return { kind: 'folder', location: this.dir, schemaVersion: meta.data.schemaVersion, user: this.options.actor, role: 'owner' };
  }

  /** A folder store migrates when its meta is read (loadMeta): the version before, and the one after. */
  async upgrade(): Promise<{ from: number; to: number; created: string[] }> {
    const { schemaVersion: from } = await this.readRawMeta();
    const { schemaVersion: to } = await this.info();
    return { from: from as number, to, created: [] };
  }

  async listAccess(): Promise<AccessEntry[]> {
    return [{ user: this.options.actor, role: 'owner', memberId: null }];
  }

  async grantAccess(): Promise<AccessEntry> {
    throw new RuleError(t('access.folderHasNoLogins'), t('access.folderHasNoLogins.hint'));
  }

  async revokeAccess(): Promise<void> {
    throw new RuleError(t('access.folderHasNoLogins'), t('access.folderHasNoLogins.hint'));
  }

  /**
   * A read takes no lock when it can prove that what it read is one committed state: no journal (no commit under way
   * or left unfinished), no migration due, and every file's bytes exactly those whose digest is in the store.json read
   * first. A commit renames store.json into place after all its other files, so files that all match its digests are
   * the files of that commit. Otherwise (a file edited by hand, a commit under way) the read is done under the lock as
   * before, which waits for the writer, validates, or reports what is wrong. Readers then never wait for one another,
   * and a report is never refused as busy because another report is running.
   */
  async read<K extends CollectionName>(names: readonly K[], scope?: ScopeArg<K>): Promise<Snapshot<K>> {
    if (!(await this.exists(JOURNAL_FILE))) {
      try {
        return snapshotOf<K>(await this.load(names, { scope, mode: 'digest-only' }));
      } catch {
        // Whatever went wrong is found again, and reported, under the lock.
      }
    }
    return this.locked(async () => snapshotOf<K>(await this.load(names, { scope })));
  }

  async update<K extends CollectionName, R>(names: readonly K[], fn: (draft: Snapshot<K>) => UpdateOutcome<R>, scope?: ScopeArg<K>): Promise<R> {
    return this.locked(async () => {
      await this.removeStaleTemps();
      const loaded = await this.load(names, { scope, writing: true, derivedIndexesLate: true });
      const before = snapshotOf<K>(loaded);
      const draft = { ...before };
      const outcome = fn(draft);
      if (!outcome.audit) return outcome.result;
      if (outcome.backups) outcome.backups.done(await this.rewriteBackups(outcome.backups.rewrite));
      const writes: Array<Low<unknown>> = [];
      const partitions: Record<string, PartitionInfo> = copyRecord(draft.meta.partitions);
      // What each collection's written files held before and hold now: the derived files follow it.
      const replaced = new Map<CollectionName, { before: unknown[]; after: unknown[] }>();
      let staged = false;
      for (const [name, collection] of loaded.collections) {
        const next = (draft as Record<string, unknown>)[name] as unknown[];
        if (next === (before as Record<string, unknown>)[name]) continue;
        stampRecorded(next, this.options.now, draft.meta.settings.timezone);
        if (!isSplit(name)) {
          const db = [...collection.files.values()][0]!;
          replaced.set(name, { before: db.data, after: next });
          db.data = next;
          writes.push(db as Low<unknown>);
          continue;
        }
        const parts = await this.stagePartitions(name, collection, next, draft.meta, partitions);
        if (parts.writes.length === 0) continue;
        writes.push(...parts.writes);
        replaced.set(name, parts);
        staged = true;
      }
      for (const [name, index] of Object.entries(derivedByName) as Array<[DerivedName, Derived<unknown>]>) {
        const change = replaced.get(index.source);
        if (!change) continue;
        const changes = index.changes(change.before, change.after);
        if (changes.size === 0) continue;
        // A blocked derived file's index is read now that its source changed: a command that reads the members to
        // book points changes none, and the refs index alone is 324 KB at 5x the large club.
        if (index.blocked && !this.indexes.has(baseOf(index) as IndexedName)) {
          draft.meta = await this.indexInto(draft.meta, baseOf(index) as IndexedName, partitions, new Set([...changes.keys()].map((id) => derivedFileOf(index, id))));
          staged = true;
        }
        // A blocked file's writes may list a new block in `partitions`.
        const derived = await this.derivedFiles.update(index, draft.meta, loaded.derived.get(name), changes, partitions);
        writes.push(...derived);
        if (index.blocked && derived.length > 0) staged = true;
      }
      if (staged) draft.meta = { ...draft.meta, partitions };
      loaded.meta.data = draft.meta;
      const members = (draft as { members?: readonly Member[] }).members;
      this.receiptsToAdd = outcome.receipts ?? [];
      await this.commit(writes, draft.meta !== before.meta || writes.length > 0 ? loaded.meta : null, [outcome.audit], [], members && actorAsMember(this.options.actor, members));
      return outcome.result;
    });
  }

  /**
   * Each record goes to the file its key names. Files in scope are replaced by their records; records for a file
   * outside the scope are added to what it holds (the command could not have seen, so not changed, those). Files
   * whose records are the same objects in the same order are not written. Updates `partitions` (spans) in place.
   */
  private async stagePartitions(
    name: SplitName,
    collection: LoadedCollection,
    next: unknown[],
    meta: Meta,
    partitions: Record<string, PartitionInfo>,
  ): Promise<{ writes: Array<Low<unknown>>; before: unknown[]; after: unknown[] }> {
    const writes: Array<Low<unknown>> = [];
    const before: unknown[][] = [];
    const after: unknown[][] = [];
    const groups = groupByFile(name, next);
    for (const file of new Set([...collection.files.keys(), ...groups.keys()])) {
      const records = groups.get(file) ?? [];
      let db = collection.files.get(file);
      let old: unknown[] = [];
      if (db) {
        if (sameRecords(db.data, records)) continue;
        old = db.data;
        db.data = records;
      } else if (partitions[file] || this.entryOfUnread(name, file, meta, partitions)) {
        // A block's records are keyed by id: new ones are appended to its bytes, unparsed (its other records unread).
        // Bytes that are not the ones its digest names are checked against its span: the change's (entryOfUnread).
        db = await this.openFile(name, file, { ...meta, partitions }, 'trust-digest', isBlocked(name) ? [] : undefined);
        old = db.data;
        db.data = [...db.data, ...records];
      } else {
        db = new Low<unknown[]>(new CollectionFile(this.fs, this.path(file), name, this.stager, undefined), records);
      }
      before.push(old);
      after.push(db.data);
      writes.push(db as Low<unknown>);
      partitions[file] = spanFor(name, db.data);
    }
    return { writes, before: before.flat(), after: after.flat() };
  }

  async readLines(name: IdCollection): Promise<Uint8Array> {
    if (!(await this.exists(JOURNAL_FILE))) {
      try {
        const low = await this.loadMeta('digest-only');
        if (isBlocked(name)) await this.loadIndexes(low, [name], 'digest-only');
        const meta = low.data;
        const files = isBlocked(name) ? filesOf(meta, name) : [collectionFile(name)];
        const blocks: Buffer[] = [];
        let vouched = true;
        for (const file of files) {
          const bytes = await readBytes(this.fs, this.path(file));
          // Blocks in block order, each in id order, are the whole collection in id order (members.other.json is not).
          if (file.endsWith('.other.json') || !(await vouchedFor(bytes, meta.digests?.[file])) || !inIdOrder(bytes)) {
            vouched = false;
            break;
          }
          blocks.push(bytes);
        }
        if (vouched) return blocks.length === 1 ? blocks[0]! : joinLines(blocks);
      } catch {
        // As in read(): whatever went wrong is found again, and reported, under the lock.
      }
    }
    const records = (await this.read([name]))[name] as Array<{ id: string }>;
    return Buffer.from(serializeCollection([...records].sort((a, b) => compareIds(a.id, b.id))));
  }

  async readAudit(): Promise<AuditEntry[]> {
    return this.locked(async () => {
      await this.loadMeta();
      return this.readAuditUnlocked();
    });
  }

  /** A folder store's log is not hash-chained: it has no head. (The meta is read for the club's language.) */
  async auditHead(): Promise<string | null> {
    await this.loadMeta();
    return null;
  }

  async check(options: CheckOptions = {}): Promise<StoreCounts> {
    if (options.head !== undefined) {
      await this.loadMeta();
      throw new UsageError(t('pgcontract.noChain'), t('pgcontract.noChain.hint'));
    }
    await this.checkEntries();
    return this.locked(async () => {
      const low = await this.loadMeta('verify');
      await this.loadIndexes(low, INDEXED, 'verify');
      const meta = low.data;
      // Every file the folder holds is one its index lists (else nothing would read it), before what the files hold.
      for (const file of await this.fs.readdir(this.dir)) {
        if (PARTITION_FILE.test(file) && !meta.partitions?.[file]) {
          throw new StoreError('store_invalid', t('index.notListed', { file: this.path(file), index: indexFile(indexOfFile(file)!) }), t('store.restoreTheStoreFrom'));
        }
      }
      // A refs block's filter must be that of its keys: a name is looked up only in the blocks whose filter may hold it.
      for (const file of filesOf(meta, 'refs')) {
        const { filter } = meta.partitions![file]!;
        // Of bytes the store wrote: a block that is not is reported by its own check, with the way out.
        const bytes = filter === undefined ? null : await readBytes(this.fs, this.path(file)).catch(() => null);
        const actual = bytes && (await vouchedFor(bytes, meta.digests?.[file])) ? filterOf(bytes) : null;
        if (actual !== null && actual !== filter) throw new StoreError('store_invalid', t('index.badFilter', { index: this.path(indexFile('refs')), file }), t('store.restoreTheStoreFrom'));
      }
      // File by file, a part at a time (check.ts): memory that does not grow with the club.
      const { checkCollections } = await import('./check.js');
      let audit = 0;
      const counted = await checkCollections(this.fs, (file) => this.path(file), meta, this.derivedFiles, async () => {
        audit = (await this.readAuditUnlocked()).length;
        const zone = meta.settings.timezone;
        if (!isValidTimeZone(zone)) throw new StoreError('store_invalid', t('store.settingsTimezoneIsNot', { META_FILE: this.path(META_FILE), zone: JSON.stringify(zone) }), t('store.clubConfigSetTimezone'));
      });
      // Receipts: each expense's files present and unchanged (only the expenses are read again for it).
      await this.checkReceipts((await this.load(['expenses'], { mode: 'verify' })).collections.get('expenses')!.data as Expense[]);
      for (const file of await this.fs.readdir(this.dir)) {
        // members.json, roster.json, …: left by hand beside the blocks that replaced them, it would be read by nothing.
        const blocked = [...BLOCKED, ...DERIVED.filter((index) => index.blocked).map(baseOf)].find((base) => file === `${base}.json`);
        if (blocked) throw new StoreError('store_invalid', t('blocks.oldLayout', { file: this.path(file), name: blocked }), t('blocks.oldLayout.hint'));
      }
      options.counted?.({ ...counted, audit });
      const count = (name: CollectionName) => counted[name];
      return {
        members: count('members'),
        sessions: count('sessions'),
        attendance: count('attendance'),
        ledger: count('ledger'),
        surveys: count('surveys'),
        responses: count('responses'),
        tasks: count('tasks'),
        activities: count('activities'),
        registrations: count('registrations'),
        staff: count('staff'),
        hours: count('hours'),
      };
    });
  }

  async repair(): Promise<string[]> {
    return this.locked(async () => {
      await this.removeStaleTemps();
      const indexes = await this.repairIndexes();
      // The sources are read as any command reads them: a damaged collection is refused here too, not rebuilt.
      const loaded = await this.load([...new Set(DERIVED.map((index) => index.source))], { writing: true });
      const meta = loaded.meta.data;
      const writes: Array<Low<unknown>> = [];
      const rebuilt: Array<{ file: string; source: CollectionName }> = [];
      const partitions: Record<string, PartitionInfo> = copyRecord(meta.partitions);
      for (const index of DERIVED) {
        const records = loaded.collections.get(index.source)!.data;
        // What check refuses, file by file (block by block): missing, not valid, or other than what the source says.
        const { files, built } = await this.derivedFiles.damaged(index, meta, records);
        for (const file of files) {
          if (index.blocked) partitions[file] = { from: null, to: null };
          writes.push(this.derivedFiles.write(index, file, built.get(file) ?? new Map()));
          rebuilt.push({ file, source: index.source });
        }
      }
      if (writes.length === 0) return indexes;
      loaded.meta.data = { ...meta, partitions };
      await this.commit(writes, loaded.meta, [{ summary: `rebuilt ${rebuilt.map((r) => `${r.file} from ${r.source}`).join(', ')}` }]);
      return [...indexes, ...rebuilt.map((r) => r.file)];
    });
  }

  /**
   * Each index that is missing, not valid or not the bytes store.json vouches for, rebuilt from the files the folder
   * holds: every partition's records validated for its span, and no digest (the files are validated when read, until
   * a change writes them). Returns the indexes rebuilt.
   */
  private async repairIndexes(): Promise<string[]> {
    const meta = await this.loadMeta();
    const damaged: IndexedName[] = [];
    for (const name of INDEXED) {
      try {
        await this.loadIndexes(meta, [name], 'trust-digest');
      } catch (err) {
        if (!(err instanceof StoreError) || err.code !== 'store_invalid') throw err;
        damaged.push(name);
      }
    }
    if (damaged.length === 0) return [];
    const partitions: Record<string, PartitionInfo> = {};
    const digests = copyRecord(meta.data.digests);
    for (const file of (await this.fs.readdir(this.dir)).sort(byFileOrder)) {
      const name = indexOfFile(file);
      if (!name || !damaged.includes(name)) continue;
      const collection = collectionOfFile(file) as CollectionName;
      const records = isPartitioned(collection) ? validateCollection(collection, decodeJson(this.path(file), await readBytes(this.fs, this.path(file))), this.path(file)) : [];
      partitions[file] = spanFor(collection, records);
      delete digests[file];
    }
    this.resetIndexes(damaged.map((name) => [name, null]));
    meta.data = { ...meta.data, digests, partitions };
    const files = damaged.map(indexFile);
    await this.commit([], meta, [{ summary: `rebuilt ${files.join(', ')} from the files in the folder` }]);
    return files;
  }

  async backup(outFile?: string): Promise<{ file: string; bytes: number }> {
    if (outFile === undefined) {
      const dir = this.path(BACKUP_DIR);
      await ensureDir(this.fs, dir, DIR_MODE);
      outFile = join(dir, `backup-${this.options.now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}.json`);
    }
    const { writeBackupFile } = await import('./backup-stream.js');
    return writeBackupFile(this.fs, outFile, FILE_MODE, (sink) => this.writeBackup(sink));
  }

  /**
   * A file at a time, under the lock: bytes the digest vouches for are passed on as their lines, without parsing;
   * any other file is read as a read reads it (validated: a backup of a broken store is refused, not copied).
   */
  async writeBackup(sink: BundleSink): Promise<void> {
    const { backupFilesOf } = await import('./backup-stream.js');
    await this.locked(async () => {
      const low = await this.loadMeta();
      await this.loadIndexes(low, INDEXED, 'trust-digest');
      const meta = low.data;
      const { digests: _digests, partitions, ...plain } = meta;
      void _digests;
      await sink.head({ schemaVersion: CURRENT_SCHEMA_VERSION, createdAt: this.options.now.toISOString(), meta: plain });
      let expenses: Expense[] = [];
      // Every file read into one buffer, lent (buffers.ts): its lines are strings of their own, handed to the sink
      // and used up by it before the next file is read. (A buffer a file, left to the collector, piled up tens of
      // megabytes that glibc kept after them: store copy at 5x.)
      const held = new HeldBuffer();
      try {
        for (const { file, name } of backupFilesOf(meta)) {
          let bytes: Buffer | null = null;
          try {
            bytes = this.fs.readFileInto(this.path(file), held);
          } catch {
            // Missing, or not a plain file: read as a read reads it (backupFile), which says what is wrong.
          }
          expenses = (await this.backupFile(sink, file, name, bytes, meta)) ?? expenses;
        }
      } finally {
        held.giveBack();
      }
      // Receipts embedded as base64 under their SHA-256 (SPEC §14), each verified as it is read.
      const receipts: Record<string, string> = {};
      for (const [sha256, bytes] of Object.entries(await this.checkReceipts(expenses))) receipts[sha256] = bytes.toString('base64');
      const templates: Record<string, string> = {};
      for (const { name } of await this.templates.list()) {
        const template = await this.templates.read(name);
        if (template) templates[name] = template.text;
      }
      await sink.tail({
        ...(partitions ? { partitions: spansOf(partitions) } : {}),
        audit: await this.readAuditText(),
        ...(Object.keys(templates).length ? { templates } : {}),
        ...(Object.keys(receipts).length ? { receipts } : {}),
      });
    });
  }

  /**
   * After a restore whose check passed: records the digests of the files the restore wrote (`written`: file → the
   * digest of the bytes written) whose bytes are still those and that have none yet (a change since wrote its own),
   * with the refs blocks' filters, in one commit that rewrites the indexes and store.json. Until then every read
   * validated those files, and a name was looked up in every member. Returns how many files it vouched for.
   */
  async vouchRestored(written: ReadonlyMap<string, string>): Promise<number> {
    return this.locked(async () => {
      const low = await this.loadMeta('verify');
      this.resetIndexes();
      await this.loadIndexes(low, INDEXED, 'verify');
      const digests = copyRecord(low.data.digests);
      const partitions = copyRecord(low.data.partitions);
      let vouched = 0;
      // Each file read into one lent buffer (buffers.ts), as a backup reads them: only its digest and filter are kept.
      const held = new HeldBuffer();
      try {
        for (const [file, digest] of written) {
          if (digests[file] !== undefined || (PARTITION_FILE.test(file) && !partitions[file])) continue;
          let bytes: Buffer;
          try {
            bytes = this.fs.readFileInto(this.path(file), held);
          } catch {
            continue;
          }
          if (!(await vouchedFor(bytes, digest))) continue;
          digests[file] = digest;
          if (isRefsBlock(file)) partitions[file] = { ...partitions[file]!, filter: filterOf(bytes) };
          vouched++;
        }
      } finally {
        held.giveBack();
      }
      if (vouched === 0) return 0;
      low.data = { ...low.data, digests, partitions };
      // Every index written again from the meta, with the digests (indexes.ts), and store.json with theirs.
      this.resetIndexes(INDEXED.map((name) => [name, null]));
      await this.commit([], low, []);
      return vouched;
    });
  }

  async bundle(): Promise<BackupBundle> {
    return this.locked(async () => {
      // Validated: a backup of a broken store is refused, not silently copied.
      const loaded = await this.load(COLLECTION_NAMES, { writing: true });
      const { partitions } = loaded.meta.data;
      const files: Record<string, unknown> = { [META_FILE]: { ...loaded.meta.data, ...(partitions ? { partitions: spansOf(partitions) } : {}) } };
      for (const collection of loaded.collections.values()) for (const [file, db] of collection.files) files[file] = db.data;
      for (const index of BACKED_UP) for (const [file, value] of await this.derivedFiles.all(index, loaded.meta.data, 'trust-digest')) files[file] = JSON.parse(index.serialize(value));
      const audit = await this.readAuditText();
      // Receipts embedded as base64 under their SHA-256 (SPEC §14), each verified as it is read.
      const receipts: Record<string, string> = {};
      for (const [sha256, bytes] of Object.entries(await this.checkReceipts(loaded.collections.get('expenses')!.data as Expense[]))) receipts[sha256] = bytes.toString('base64');
      const templates: Record<string, string> = {};
      for (const { name } of await this.templates.list()) {
        const template = await this.templates.read(name);
        if (template) templates[name] = template.text;
      }
      return {
        format: 'clubadmin-backup' as const,
        schemaVersion: CURRENT_SCHEMA_VERSION,
        createdAt: this.options.now.toISOString(),
        files,
        audit,
        ...(Object.keys(templates).length ? { templates } : {}),
        ...(Object.keys(receipts).length ? { receipts } : {}),
      };
    });
  }

  /**
   * One file of a backup into `sink`: bytes the digest vouches for as their lines, without parsing; any other file as a
   * read reads it (validated: a backup of a broken store is refused, not copied). The expenses, when it is theirs.
   */
  private async backupFile(sink: BundleSink, file: string, name: CollectionName | null, bytes: Buffer | null, meta: Meta): Promise<Expense[] | null> {
    const { derivedOf, entryLines, linesOfFile } = await import('./backup-stream.js');
    const shape = name ? 'array' : 'object';
    const trusted = bytes !== null && (await vouchedFor(bytes, meta.digests?.[file]));
    const laidOut = bytes && linesOfFile(bytes, shape);
    const lines = !laidOut ? null : trusted ? laidOut : !isUtf8(bytes) ? null : name ? this.validatedLines(name, file, bytes, laidOut, meta) : this.validatedEntries(file, bytes, laidOut);
    if (name === 'expenses') {
      const expenses = (await this.openFile(name, file, meta, 'trust-digest')).data as Expense[];
      await sink.file(file, shape, [expenses.map((r) => JSON.stringify(r))]);
      return expenses;
    }
    if (lines) {
      await sink.file(file, shape, lines);
    } else if (name) {
      const records = (await this.openFile(name, file, meta, 'trust-digest')).data;
      await sink.file(file, shape, [records.map((r) => JSON.stringify(r))]);
    } else {
      const index = derivedOf(file)!;
      await sink.file(file, shape, [entryLines(index.serialize(await this.derivedFiles.whole(index, file, meta, 'trust-digest')))]);
    }
    return null;
  }

  /** The entries of a derived file the digest does not vouch for, validated a batch at a time (validatedEntries). */
  private async *validatedEntries(file: string, bytes: Buffer, lines: Iterable<string[]>): AsyncGenerator<string[]> {
    const { derivedOf, validatedEntries } = await import('./backup-stream.js');
    const index = derivedOf(file)!;
    try {
      yield* validatedEntries(index, lines, this.path(file));
    } catch (err) {
      // A line that is not JSON: reported as a read of the whole file reports it.
      if (err instanceof SyntaxError) decodeJson(this.path(file), bytes);
      throw derivedError(index, err);
    }
  }

  /**
   * The lines of a collection file the digest does not vouch for (a store just restored, a file edited by hand),
   * validated a batch at a time as a read validates the file whole: each record, no key twice, a partition's records
   * in their file and within its span. A line that is not JSON is reported as a read of the whole file reports it.
   */
  private *validatedLines(name: CollectionName, file: string, bytes: Buffer, lines: Iterable<string[]>, meta: Meta): Generator<string[]> {
    const shown = this.path(file);
    const seen = new Set<string>();
    let count = 0;
    const span: unknown[] = [];
    for (const batch of lines) {
      let records: unknown[];
      try {
        records = batch.map((text) => JSON.parse(text) as unknown);
      } catch (err) {
        decodeJson(shown, bytes);
        throw err;
      }
      validateRecords(name, records, shown, seen, count);
      if (isSplit(name)) this.checkHomes(name, file, records, count);
      if (isPartitioned(name)) {
        const part = spanOf(records);
        span.push({ at: part.from }, { at: part.to });
      }
      count += records.length;
      yield batch;
    }
    if (isSplit(name)) this.checkSpan(file, isPartitioned(name) ? spanOf(span) : spanFor(name, []), meta);
  }

  readTemplate(name: string): Promise<(StoredTemplate & { text: string }) | null> {
    return this.templates.read(name);
  }

  listTemplates(): Promise<StoredTemplate[]> {
    return this.templates.list();
  }

  writeTemplate(name: string, text: string): Promise<StoredTemplate> {
    return this.templates.write(name, text);
  }

  private get templates(): FolderTemplates {
    return new FolderTemplates(this.fs, this.dir, FILE_MODE, DIR_MODE);
  }

  // --- internals -------------------------------------------------------------------------------------------------

  /**
   * Runs `rewrite` on every JSON document under backups/ (a .json file whole, each line of a .jsonl) and writes back,
   * atomically and with the store's mode, the files it changed. Backups written elsewhere (--out) are out of reach.
   */
  private async rewriteBackups(rewrite: BackupRewrite['rewrite']): Promise<{ rewritten: string[]; unreadable: string[] }> {
    const rewritten: string[] = [];
    const unreadable: string[] = [];
    const walk = async (dir: string, rel: string): Promise<void> => {
      let names: string[];
      try {
        plainDirOrNone(dir);
        names = await this.fs.readdir(dir);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
        throw err;
      }
      for (const name of names.sort()) {
        const file = join(dir, name);
        const shown = rel ? `${rel}/${name}` : name;
        // Not followed: a link in backups/ is refused, not rewritten wherever it points.
        const stats = await this.fs.lstat(file);
        if (!stats) continue;
        if (stats.isDirectory()) {
          await walk(file, shown);
          continue;
        }
        if (!stats.isFile()) throw foreignEntry(file, stats);
        if (name.endsWith('.tmp')) continue;
        const text = (await this.fs.readFile(file)).toString('utf8');
        let next: string;
        try {
          next = name.endsWith('.jsonl') ? rewriteLines(text, rewrite) : rewriteDocument(text, rewrite);
        } catch {
          unreadable.push(shown);
          continue;
        }
        if (next === text) continue;
        const tmp = tempPath(file);
        await this.fs.createSynced(tmp, next, FILE_MODE);
        await this.fs.rename(tmp, file);
        await this.fs.fsyncDir(dir);
        rewritten.push(shown);
      }
    };
    await walk(this.path(BACKUP_DIR), '');
    return { rewritten, unreadable };
  }

  private lock: Lock | null = null;

  private async locked<T>(fn: () => Promise<T>): Promise<T> {
    // Loaded here: reads that need no lock never load proper-lockfile.
    const { acquireLock } = await import('./lock.js');
    const lock = await acquireLock(this.dir, {
      waitMs: this.options.waitMs ?? 10_000,
      command: this.options.command,
      actor: this.options.actor,
      fs: this.fs,
    });
    this.lock = lock;
    try {
      await this.recoverJournal();
      return await fn();
    } finally {
      this.lock = null;
      await lock.release();
    }
  }

  private async removeQuietly(dir: string, names: string[]): Promise<void> {
    for (const name of names) await this.fs.unlink(join(dir, name)).catch(() => undefined);
    try {
      process.getBuiltinModule('node:fs').rmdirSync(dir);
    } catch {
      // Not empty (a file could not be removed): left for the person to see.
    }
  }

  private path(file: string): string {
    return join(this.dir, file);
  }

  private async exists(file: string): Promise<boolean> {
    // The entry itself: a link named journal.json exists (and is refused when read).
    return (await this.fs.lstat(this.path(file))) !== null;
  }

  private async loadMeta(mode: ReadMode = 'trust-digest'): Promise<Low<Meta>> {
    const raw = await this.readRawMeta();
    const version = raw.schemaVersion;
    const target = this.options.targetVersion ?? CURRENT_SCHEMA_VERSION;
    if (mode === 'digest-only' && version !== target) throw new NeedsLock(META_FILE);
    if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
      throw new StoreError('store_invalid', t('store.schemaversionExpectedAWhole', { META_FILE: this.path(META_FILE), version: JSON.stringify(version) }));
    }
    if (version > target) {
      throw new StoreError(
        'store_too_new',
        t('store.thisStoreHasSchemaversion', { META_FILE: this.path(META_FILE), version, target }),
        t('store.upgradeClubadminNpmInstall'),
      );
    }
    if (version < target) await this.migrateFrom(version, raw, target);
    const meta = new Low<Meta>(new MetaFile(this.fs, this.path(META_FILE), this.stager), null as unknown as Meta);
    // Validated as read, unless a migration has written it again since.
    if (version < target) await meta.read();
    else meta.data = validateWith(metaSchema, raw, this.path(META_FILE));
    useClubLang(meta.data.settings.lang);
    // Files of the collections kept in several files are listed in their indexes, not here (indexes.ts).
    const listed = meta.data.partitions ? Object.keys(meta.data.partitions)[0] : Object.keys(meta.data.digests ?? {}).find((file) => PARTITION_FILE.test(file));
    if (meta.data.partitions || listed) throw new StoreError('store_invalid', t('index.notInRoot', { META_FILE: this.path(META_FILE), file: listed ?? 'partitions', index: indexFile(indexOfFile(listed ?? '') ?? 'attendance') }), t('index.invalidHint'));
    this.resetIndexes();
    return meta;
  }

  private async readRawMeta(): Promise<Record<string, unknown>> {
    const file = this.path(META_FILE);
    let bytes: Buffer;
    try {
      bytes = await this.fs.readFile(file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new StoreError('store_invalid', t('store.isMissingIsNot', { file, dir: this.dir }), t('store.restoreItFromA'));
      }
      throw err;
    }
    const raw = decodeJson(file, bytes);
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      throw new StoreError('store_invalid', t('store.topLevelExpectedAn', { file }));
    }
    return raw as Record<string, unknown>;
  }

  /**
   * `mode`: see ReadMode. `scope`: which partitions of attendance and the ledger to read (all without one); a function
   * of the other collections is given them.
   */
  private async load<K extends CollectionName>(names: readonly K[], options: { mode?: ReadMode; scope?: ScopeArg<K>; writing?: boolean; derivedIndexesLate?: boolean } = {}): Promise<Loaded> {
    const mode = options.mode ?? 'trust-digest';
    const meta = await this.loadMeta(mode);
    // The indexes of the collections read; for a change, also those of the derived files that follow them (unless
    // `derivedIndexesLate`: update reads each when its source has changed, indexInto).
    // Attendance's and the ledger's, when a scope may choose their files, are read after it is known (selectIndexed).
    const chosen = (name: CollectionName) => isPartitioned(name) && mode !== 'verify' && (typeof options.scope === 'function' || (typeof options.scope === 'object' && options.scope[name] !== undefined));
    const split = (names as readonly CollectionName[]).filter((name) => isSplit(name) && !chosen(name));
    const following = options.writing && !options.derivedIndexesLate ? DERIVED.filter((index) => index.blocked && (names as readonly string[]).includes(index.source)).map(baseOf) : [];
    // And those of the blocked derived files a scope given as an object reads (balances, presence): one merge of them
    // all into the meta, each of which copies every file's digest and span.
    const fixed = typeof options.scope === 'object' ? options.scope : undefined;
    const derivedRead = (Object.entries(derivedByName) as Array<[DerivedName, Derived<unknown>]>).filter(([name, index]) => name !== 'refs' && index.blocked && fixed?.[name]).map(([, index]) => baseOf(index));
    await this.loadIndexes(meta, [...new Set([...split, ...following, ...derivedRead])] as IndexedName[], mode);
    const loaded: Loaded = { meta, collections: new Map(), derived: new Map() };
    const open = async (name: CollectionName) => {
      const file = collectionFile(name);
      const db = await this.openFile(name, file, meta.data, mode);
      loaded.collections.set(name, { files: new Map([[file, db]]), data: db.data });
    };
    // The files of a split collection, each with the ids of the records wanted from it (undefined: all).
    const openSplit = async (name: SplitName, files: readonly string[], only?: readonly string[]) => {
      const dbs = new Map<string, Low<unknown[]>>();
      for (const file of files) {
        const mine = only && isBlocked(name) ? only.filter((id) => blockFileOf(name, id) === file) : undefined;
        dbs.set(file, await this.openFile(name, file, meta.data, mode, mine));
      }
      loaded.collections.set(name, { files: dbs, data: mergeParts(name, [...dbs.values()].map((db) => db.data)) });
    };
    const wants = (name: CollectionName) => (names as readonly CollectionName[]).includes(name);
    // Members last: the scope, and what it reads of attendance and the ledger, may say which of them are needed.
    for (const name of names) if (!isSplit(name)) await open(name);
    // A scope that is a function of the other collections is given every session.
    if (wants('sessions') && typeof options.scope === 'function') await openSplit('sessions', filesOf(meta.data, 'sessions'));
    const scope = typeof options.scope === 'function' ? options.scope(snapshotOf(loaded) as never) : options.scope;
    if (wants('sessions') && !loaded.collections.has('sessions')) {
      const ids = mode === 'verify' ? undefined : scope?.sessionIds;
      await openSplit('sessions', ids ? blockFiles(meta.data, ids, (id) => blockFileOf('sessions', id)) : filesOf(meta.data, 'sessions'));
    }
    for (const name of (names as readonly CollectionName[]).filter(isPartitioned)) {
      const part = scope?.[name];
      let files = chosen(name) && part ? await this.selectIndexed(meta, name, part) : null;
      if (!files) {
        await this.loadIndexes(meta, [name], mode);
        files = selectFiles(meta.data, name, part);
      }
      await openSplit(name, files);
    }
    // A change also needs the member its actor may be (the audit records a member's id, not their name: actorAsMember).
    const only = mode === 'verify' ? undefined : await this.membersNeeded(meta, scope, snapshotOf(loaded), mode, options.writing ? this.options.actor : undefined);
    if (wants('members')) await openSplit('members', only ? blockFiles(meta.data, only, (id) => blockFileOf('members', id)) : filesOf(meta.data, 'members'), only);
    for (const [name, index] of Object.entries(derivedByName) as Array<[DerivedName, Derived<unknown>]>) {
      if (name === 'refs' || !scope?.[name]) continue;
      if (index.blocked) await this.loadIndexes(meta, [baseOf(index) as IndexedName], mode);
      loaded.derived.set(name, await this.derivedFiles.read(index, meta.data, mode, index.blocked ? only : undefined));
    }
    return loaded;
  }

  /**
   * The ids of the members a scope needs (memberIds, and those its memberRefs may name), or undefined for every member.
   * A reference by id is its id, when the club has given out that id; the others (`m99` in a club of 40 may be a
   * nickname) are looked up in the refs blocks (refs.ts), which must all be bytes the store wrote: a block that is not
   * is not searched, and every member is read.
   */
  private async membersNeeded(meta: Low<Meta>, scope: Scope | undefined, read: Parameters<Exclude<Scope['memberIds'], readonly string[] | undefined>>[0], mode: ReadMode, actor?: string): Promise<readonly string[] | undefined> {
    const ids = typeof scope?.memberIds === 'function' ? scope.memberIds(read) : scope?.memberIds;
    if (!scope?.memberRefs && !scope?.memberContacts) return ids;
    const counter = meta.data.counters.member;
    const { ids: byId, names } = splitReferences(scope.memberRefs ?? [], counter);
    const named = [...names, ...(scope.memberContacts ?? [])];
    const actorId = actor === undefined ? null : givenId(actor, counter);
    // The actor too when the blocks are searched anyway, or when it was named (--by, $CLUB_ACTOR): a member's name
    // must not go into the audit log, which records their id (not when it is the system's user, as under cron).
    const actorNamed = actor !== undefined && actorId === null && (named.length > 0 || this.options.onBehalf != null);
    if (named.length === 0 && !actorNamed) return [...new Set([...(ids ?? []), ...byId])];
    const found = await this.membersNamed(meta, actorNamed ? [...named, actor!] : named, mode);
    return found && [...new Set([...(ids ?? []), ...byId, ...(actorId === null ? [] : [actorId]), ...found])];
  }

  /** The members one of `refs` may name (lookupKeys in their refs), or undefined when a refs block cannot be trusted. */
  private async membersNamed(meta: Low<Meta>, refs: readonly string[], mode: ReadMode): Promise<string[] | undefined> {
    const keys = [...new Set(refs.flatMap(lookupKeys))];
    const needles = keys.map((key) => Buffer.from(JSON.stringify(key)));
    // The blocks, each with its digest and filter: from the index's bytes when the store wrote them (scanned, not
    // merged into the meta: a write that changes a refs block reads the index then), else from the index as read.
    let blocks: Array<{ file: string; digest: string | undefined; mayHold: (key: string) => boolean }> | null = null;
    if (!this.indexes.has('refs')) {
      const { bytes: index, vouched } = await this.indexBytes(meta.data, 'refs');
      const scanned = vouched ? scanRefsIndex(index) : null;
      blocks = scanned && scanned.map(({ file, digest, filter }) => ({ file, digest, mayHold: (key) => filter === null || mayHold(index, filter[0], filter[1], key) }));
    }
    if (blocks === null) {
      await this.loadIndexes(meta, ['refs'], mode);
      blocks = filesOf(meta.data, 'refs').map((file) => {
        const { filter } = meta.data.partitions![file]!;
        const text = filter === undefined ? null : Buffer.from(filter, 'latin1');
        return { file, digest: meta.data.digests?.[file], mayHold: (key) => text === null || mayHold(text, 0, text.length, key) };
      });
    }
    const found: string[] = [];
    for (const { file, digest, mayHold: may } of blocks) {
      // Only the blocks whose filter may hold a key, when the index that keeps it is one the store wrote.
      if (digest !== undefined && !keys.some(may)) continue;
      const bytes = await readBytes(this.fs, this.path(file));
      if (!(await vouchedFor(bytes, digest))) return undefined;
      found.push(...membersWithKeys(bytes, needles));
    }
    return found;
  }

  /**
   * The indexes read since store.json was (indexes.ts), each with its text as read ('' when the store did not write
   * it): a commit writes again those whose entries changed (null: every one it has entries for, as a migration does).
   */
  private indexes = new Map<IndexedName, string | null>();

  /**
   * The indexes of attendance and the ledger read in part (selectFromIndex): only the entries of the files a scope
   * needs are in the meta. A change looks up any other file it writes in the index's text (entryInIndex), and an index
   * that gains a file is written from its whole text (indexEntriesOver).
   */
  private partial = new Set<IndexedName>();

  /**
   * The bytes of the indexes read since store.json was, each found vouched for or not: a change by an actor named by
   * name scans the refs index to look the name up, then takes its changed block's line from it (324 KB at 5x the
   * large club, read and its digest taken once).
   */
  private indexBytesRead = new Map<IndexedName, { bytes: Buffer; vouched: boolean }>();

  /** No index read yet, or these (null: to be written whole from the meta's entries, as a migration or repair does). */
  private resetIndexes(entries: Iterable<readonly [IndexedName, string | null]> = []): void {
    this.indexes = new Map(entries);
    this.partial = new Set();
    this.indexBytesRead = new Map();
  }

  /** Index `name`'s bytes, and whether they are those store.json (`meta`) holds the digest of. */
  private async indexBytes(meta: Meta, name: IndexedName): Promise<{ bytes: Buffer; vouched: boolean }> {
    let read = this.indexBytesRead.get(name);
    if (!read) {
      const bytes = await readBytes(this.fs, this.path(indexFile(name)));
      read = { bytes, vouched: await vouchedFor(bytes, meta.digests?.[indexFile(name)]) };
      this.indexBytesRead.set(name, read);
    }
    return read;
  }

  /**
   * The files of `name` that `part` needs, with only their entries of its index merged into `meta`
   * (selectFromIndex); null when the index is not one the store wrote, laid out as it writes them: loadIndexes then
   * reads it whole and says what is wrong with it, if anything.
   */
  private async selectIndexed(meta: Low<Meta>, name: SelectableIndex, part: PartScope): Promise<string[] | null> {
    const entries = await this.indexInPart(meta, name, (text) => selectFromIndex(text, name, part));
    return entries && Object.keys(entries).sort(byPartitionOrder);
  }

  /**
   * Index `name` read in part: the entries `pick` takes from its text merged into `meta`, the index marked partial
   * (its text kept for the lines of other files a change writes, and for writing it whole). Null, with nothing merged,
   * when it was read already, its bytes are not those store.json vouches for, or `pick` cannot read its layout.
   */
  private async indexInPart(meta: Low<Meta>, name: IndexedName, pick: (text: string) => Record<string, IndexEntry> | null): Promise<Record<string, IndexEntry> | null> {
    if (this.indexes.has(name)) return null;
    const { bytes, vouched } = await this.indexBytes(meta.data, name);
    if (!vouched) return null;
    const text = bytes.toString('utf8');
    const entries = pick(text);
    if (!entries) return null;
    const digests = copyRecord(meta.data.digests);
    const partitions = copyRecord(meta.data.partitions);
    mergeEntries(entries, digests, partitions, true);
    meta.data = { ...meta.data, digests, partitions };
    this.indexes.set(name, text);
    this.partial.add(name);
    return entries;
  }

  /**
   * A file of an index read in part that the change writes but did not read: its entry from the index's text, added
   * to `meta`'s digests (to read it by) and to the change's `partitions`; undefined when the index lists no such file.
   */
  private entryOfUnread(name: IndexedName, file: string, meta: Meta, partitions: Record<string, PartitionInfo>): IndexEntry | undefined {
    const entry = this.partial.has(name) ? entryInIndex(this.indexes.get(name)!, file) : undefined;
    if (!entry) return undefined;
    partitions[file] = entry;
    // The meta's digests are this change's own copy (selectIndexed): the file's digest is the one its index lists.
    if (entry.digest !== undefined) meta.digests![file] = entry.digest;
    return entry;
  }

  /**
   * Reads the indexes `names` (those not read yet) into `meta`'s digests and partitions. An index's bytes must be
   * those whose digest store.json holds (else exit 3 naming it: it could vouch for files the store did not write);
   * an index with no digest (a store just restored) is validated, and vouches for no file's bytes.
   */
  private async loadIndexes(meta: Low<Meta>, names: Iterable<IndexedName>, mode: ReadMode): Promise<void> {
    let digests: Record<string, string> | null = null;
    let partitions: Record<string, PartitionInfo> | null = null;
    for (const name of names) {
      if (this.indexes.has(name)) continue;
      const file = indexFile(name);
      const path = this.path(file);
      const recorded = meta.data.digests?.[file];
      const { bytes, vouched } = await this.indexBytes(meta.data, name);
      if (!vouched && mode === 'digest-only') throw new NeedsLock(path);
      if (!vouched && recorded !== undefined) throw new StoreError('store_invalid', t('index.notVouched', { file: path, META_FILE }), t('index.invalidHint'));
      const text = bytes.toString('utf8');
      const entries = vouched ? (JSON.parse(text) as ReturnType<typeof parseIndex>) : parseIndex(decodeJson(path, bytes), name, path);
      digests ??= copyRecord(meta.data.digests);
      partitions ??= copyRecord(meta.data.partitions);
      mergeEntries(entries, digests, partitions, vouched);
      // Lines are replaced only in an index the store wrote (its layout); another is written whole when it changes.
      this.indexes.set(name, vouched ? text : '');
    }
    if (digests) meta.data = { ...meta.data, digests, partitions: partitions! };
  }

  /**
   * `meta` with index `name` read into its digests and partitions, and its entries added to the commit's `partitions`
   * (update's copy, which becomes the meta's): what loadIndexes does at a load, done once the commit needs it.
   */
  private async indexInto(meta: Meta, name: IndexedName, partitions: Record<string, PartitionInfo>, files: ReadonlySet<string>): Promise<Meta> {
    const low = { data: meta } as Low<Meta>;
    // Only the lines of the files the change writes (a member's refs block: 50 lines of filters, 324 KB, at 5x the large club).
    if (!(await this.indexInPart(low, name, (text) => entriesInIndex(text, name, files)))) await this.loadIndexes(low, [name], 'trust-digest');
    for (const file of filesOf(low.data, name)) partitions[file] ??= low.data.partitions![file]!;
    return low.data;
  }

  /**
   * Stages the indexes whose entries in `meta` (the indexes merged in, with the digests of the files just written)
   * differ from what was read; each file written must be of an index read, or its entry would be lost.
   */
  private async stageIndexes(meta: Meta): Promise<void> {
    // An index changes only when a file it lists is written (a new one included): the others are not rebuilt, and in
    // one the store wrote only the lines of those files are replaced (the ledger's lists 900 files at 50,000 members).
    const touched = new Map<IndexedName, string[]>();
    for (const file of this.digests.keys()) {
      const name = indexOfFile(file);
      if (!name) continue;
      if (!this.indexes.has(name)) throw new Error(`internal: ${file} written without its index ${indexFile(name)} read`);
      touched.set(name, [...(touched.get(name) ?? []), file]);
    }
    for (const [name, text] of this.indexes) {
      const files = touched.get(name);
      if (text !== null && !files) continue;
      const next = (text && files && spliceIndex(text, files, meta)) || (this.partial.has(name) ? serializeIndex(indexEntriesOver(text!, meta, name)) : serializeIndex(indexEntriesOf(meta, name), true));
      if (next !== text) await this.stager(this.path(indexFile(name)), next);
    }
  }

  private async openFile(name: CollectionName, file: string, meta: Meta, mode: ReadMode, only?: readonly string[]): Promise<Low<unknown[]>> {
    const adapter = new CollectionFile(this.fs, this.path(file), name, this.stager, mode === 'verify' ? undefined : meta.digests?.[file], mode === 'digest-only', only);
    const db = new Low<unknown[]>(adapter, []);
    await db.read();
    if (adapter.validated && isSplit(name)) this.checkPartitionFile(name, file, db.data, meta);
    return db;
  }

  /**
   * A partition file read without a matching digest: every record must be in the file its key names, and the span
   * in store.json must be true, or reads by session or time would miss records.
   */
  private checkPartitionFile(name: SplitName, file: string, records: readonly unknown[], meta: Meta): void {
    this.checkHomes(name, file, records, 0);
    this.checkSpan(file, spanFor(name, records), meta);
  }

  /** Records `first`, `first + 1`, … of partition `file`: each must be in the file its key names. */
  private checkHomes(name: SplitName, file: string, records: readonly unknown[], first: number): void {
    records.forEach((record, i) => {
      const home = partitionFile(name, partitionKey(name, record));
      if (home !== file) throw new StoreError('store_invalid', t('store.thisRecordBelongsIn', { file: this.path(file), i: first + i, home }), t('store.restoreTheStoreFrom'));
    });
  }

  /** The span of partition `file`'s records must be the one its index lists. */
  private checkSpan(file: string, span: PartitionInfo, meta: Meta): void {
    const listed = meta.partitions?.[file];
    if (listed?.from !== span.from || listed?.to !== span.to) {
      const index = indexOfFile(file);
      throw new StoreError('store_invalid', t('index.span', { index: this.path(index ? indexFile(index) : META_FILE), file, value: JSON.stringify(listed ?? null), span: JSON.stringify(span) }), t('store.restoreTheStoreFrom'));
    }
  }

  /** Where lowdb's write() puts its bytes: a temp file, renamed into place by the journal. */
  private pending: Array<[string, string]> = [];
  private digests = new Map<string, string>();
  /** The filters of the refs blocks staged (refs.ts), which their index entries keep. */
  private filters = new Map<string, string>();
  private readonly stager: Stager = async (target, text) => {
    const tmp = tempPath(target);
    this.pending.push([tmp, target]);
    if (basename(target) !== META_FILE) this.digests.set(basename(target), await digestOf(text));
    if (isRefsBlock(basename(target))) this.filters.set(basename(target), filterOf(text));
    await this.fs.createSynced(tmp, text, FILE_MODE);
  };

  /** Stages the changed collections, then the meta with their new digests, then commits them all together. */
  private async commit(dbs: Array<Low<unknown>>, meta: Low<Meta> | null, audits: AuditInput[], removes: string[] = [], actor = this.options.actor): Promise<void> {
    this.pending = [];
    this.digests = new Map();
    this.filters = new Map();
    let committed: Journal | null = null;
    try {
      for (const db of dbs) await db.write();
      await this.stageReceipts();
      if (meta) {
        if (this.digests.size) meta.data = { ...meta.data, digests: copyRecord(meta.data.digests, this.digests) };
        if (this.filters.size) {
          const partitions = copyRecord(meta.data.partitions);
          for (const [file, filter] of this.filters) if (partitions[file]) partitions[file] = { ...partitions[file], filter };
          meta.data = { ...meta.data, partitions };
        }
        await this.stageIndexes(meta.data);
        // store.json with the indexes' new digests, without what the indexes list.
        meta.data = rootOf(meta.data, this.digests);
        await meta.write();
      }
      const text = audits.map((a) => `${JSON.stringify(this.auditEntry(a, actor))}\n`).join('');
      const offset = await this.auditSize();
      if (this.lock && !(await this.lock.held())) {
        throw new StoreBusyError(t('lock.lost'), t('lock.lostHint'));
      }
      const journal: Journal = {
        // Paths inside the store: receipts/<sha256> is in a folder of its own.
        renames: this.pending.map(([tmp, target]) => [relative(this.dir, tmp), relative(this.dir, target)]),
        ...(removes.length ? { removes } : {}),
        audit: text ? { offset, text } : null,
      };
      await durableWrite(this.fs, this.path(JOURNAL_FILE), JSON.stringify(journal), FILE_MODE);
      committed = journal;
    } catch (err) {
      // Nothing is committed before the journal exists: drop the temp files and leave the store as it was.
      for (const [tmp] of this.pending) await this.fs.unlink(tmp).catch(() => undefined);
      this.pending = [];
      if (err instanceof StoreBusyError) throw err;
      throw ioError('could not write the change; the store is unchanged', err);
    }
    this.pending = [];
    try {
      await this.applyJournal(committed!);
    } catch (err) {
      throw ioError('the change is committed to the journal but could not be finished; the next club command completes it', err);
    }
  }

  private auditEntry(input: AuditInput, actor: string): AuditEntry {
    return {
      at: this.options.now.toISOString(),
      actor,
      command: this.options.command,
      summary: input.summary,
      refs: input.refs ?? [],
    };
  }

  private async recoverJournal(): Promise<void> {
    if (!(await this.exists(JOURNAL_FILE))) return;
    try {
      await this.applyJournal();
    } catch (err) {
      throw ioError(`could not complete the unfinished change in ${this.path(JOURNAL_FILE)}`, err);
    }
    this.options.warn?.('completed a change that an interrupted club command had committed');
  }

  /** Applies `ours` (the journal this process just wrote) or, in a recovery, journal.json once it is validated. */
  private async applyJournal(ours?: Journal): Promise<void> {
    const file = this.path(JOURNAL_FILE);
    const journal = ours ?? (await this.validJournal(decodeJson(file, await this.fs.readFile(file))));
    for (const [tmp, target] of journal.renames) {
      try {
        await this.fs.rename(this.path(tmp), this.path(target));
      } catch (err) {
        // Already renamed by an earlier, interrupted recovery.
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
    }
    for (const name of journal.removes ?? []) {
      await this.fs.unlink(this.path(name)).catch((err: NodeJS.ErrnoException) => {
        if (err.code !== 'ENOENT') throw err;
      });
    }
    if (journal.audit) await this.fs.writeAtSynced(this.path(AUDIT_FILE), journal.audit.offset, journal.audit.text, FILE_MODE);
    for (const sub of new Set(journal.renames.map(([, target]) => dirname(target)).filter((d) => d !== '.'))) await this.fs.fsyncDir(this.path(sub));
    await this.fs.fsyncDir(this.dir);
    await this.fs.unlink(file);
    await this.fs.fsyncDir(this.dir);
  }

  /**
   * Every entry of the store folder, and of its templates/ and backups/, is a plain file, or a real folder where a
   * folder belongs: `club check` lists all that are not (links, FIFOs, sockets, devices, folders in a file's place).
   * Other commands check only the entries they open (fs.ts), so that a store of many files opens as fast as before.
   */
  private async checkEntries(): Promise<void> {
    const found: string[] = [];
    const walk = async (dir: string, top: boolean, receipts = false): Promise<void> => {
      for (const name of (await this.fs.readdir(dir)).sort()) {
        const path = join(dir, name);
        const stats = await this.fs.lstat(path);
        if (!stats) continue;
        // receipts/ holds plain files named by their SHA-256, and nothing else (no folder, no other name).
        if (receipts) {
          if (!stats.isFile()) found.push(foreignEntry(path, stats, 'file').message);
          else if (!SHA256_RE.test(name) && !name.endsWith('.tmp')) found.push(t('receipt.foreignName', { path }));
          continue;
        }
        const wantDir = top ? STORE_DIRS.has(name) : stats.isDirectory() && !stats.isSymbolicLink();
        if (wantDir && stats.isDirectory()) {
          if (name !== 'lock') await walk(path, false, top && name === RECEIPT_DIR);
        } else if (wantDir || !stats.isFile()) {
          found.push(foreignEntry(path, stats, wantDir ? 'dir' : 'file').message);
        }
      }
    };
    await walk(this.dir, true);
    if (found.length === 1) throw new StoreError('store_invalid', found[0]!, t('store.foreignHint'));
    if (found.length > 1) throw new StoreError('store_invalid', t('store.foreignList', { count: found.length, list: found.map((f) => `  ${f}`).join('\n') }), t('store.foreignHint'));
  }

  /** The audit log's size (0 when there is none); anything but a plain file there is refused. */
  private async auditSize(): Promise<number> {
    const file = this.path(AUDIT_FILE);
    const stats = await this.fs.lstat(file);
    if (stats && !stats.isFile()) throw foreignEntry(file, stats);
    return stats?.size ?? 0;
  }

  /**
   * journal.json as found by a recovery, checked before anything of it is done: it may not be the store's own (a
   * store unzipped from elsewhere, a file planted by whoever can write the folder). It may only rename the store's
   * own temp files onto the store's own files, remove collection files, and append to the audit log where the log
   * ends now (or finish that append); else it is left alone and the store refused.
   */
  private async validJournal(raw: unknown): Promise<Journal> {
    const bad = (what: string) => new StoreError('store_invalid', t('store.journal.invalid', { path: this.path(JOURNAL_FILE), what }), t('store.journal.invalidHint'));
    const shape = () => bad(t('store.journal.shape'));
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw shape();
    const { renames, removes, audit, ...rest } = raw as Record<string, unknown>;
    if (Object.keys(rest).length > 0 || !Array.isArray(renames) || (removes !== undefined && !Array.isArray(removes)) || audit === undefined) throw shape();
    renames.forEach((pair: unknown, i) => {
      if (!Array.isArray(pair) || pair.length !== 2 || !pair.every((n) => typeof n === 'string')) throw shape();
      const [tmp, target] = pair as [string, string];
      if (!isStoreFile(target) && !isReceiptFile(target)) throw bad(t('store.journal.name', { field: `renames[${i}][1]`, name: JSON.stringify(target) }));
      if (!isTempOf(tmp, target)) throw bad(t('store.journal.temp', { field: `renames[${i}][0]`, name: JSON.stringify(tmp), target }));
    });
    (removes ?? []).forEach((name: unknown, i: number) => {
      if (typeof name !== 'string') throw shape();
      // Only files of an older layout are retired: never store.json or an index (which every layout since 10 has).
      if (!isStoreFile(name) || name === META_FILE || INDEX_FILE.test(name)) throw bad(t('store.journal.name', { field: `removes[${i}]`, name: JSON.stringify(name) }));
    });
    if (audit !== null) {
      const { offset, text } = (typeof audit === 'object' ? audit : {}) as Record<string, unknown>;
      if (typeof text !== 'string' || typeof offset !== 'number' || !Number.isSafeInteger(offset) || offset < 0) throw shape();
      const lines = text.split('\n');
      if (lines.pop() !== '' || lines.length === 0) throw bad(t('store.journal.auditText', { reason: 'no whole lines' }));
      for (const line of lines) {
        try {
          validateWith(auditEntrySchema(), JSON.parse(line), 'audit.text');
        } catch (err) {
          throw bad(t('store.journal.auditText', { reason: (err as Error).message }));
        }
      }
      // The log as the commit found it (size = offset), or with part or all of the append already made. Anything
      // else (shorter: a truncation; longer or other bytes: the log changed) is refused, never padded or cut.
      const size = await this.auditSize();
      const appended = size >= offset ? (await this.readAuditBytes()).subarray(offset) : null;
      if (!appended || !Buffer.from(text, 'utf8').subarray(0, appended.length).equals(appended)) throw bad(t('store.journal.offset', { offset, size }));
    }
    return raw as Journal;
  }

  /** Temp files left by a process killed before its journal was committed belong to nobody. */
  private async removeStaleTemps(): Promise<void> {
    for (const name of await this.fs.readdir(this.dir)) {
      if (name.endsWith('.tmp')) await this.fs.unlink(this.path(name)).catch(() => undefined);
    }
    if (!(await this.exists(RECEIPT_DIR))) return;
    plainDirOrNone(this.path(RECEIPT_DIR));
    for (const name of await this.fs.readdir(this.path(RECEIPT_DIR))) {
      if (name.endsWith('.tmp')) await this.fs.unlink(this.path(join(RECEIPT_DIR, name))).catch(() => undefined);
    }
  }

  /** Receipts the change adds: kept until commit() stages them. */
  private receiptsToAdd: ReceiptFile[] = [];

  /**
   * Stages each new receipt as a temp file in receipts/ (0600 in a 0700 folder), renamed into place by the same
   * journal as the change's files. A receipt the store holds already (the same bytes) is not written again.
   */
  private async stageReceipts(): Promise<void> {
    const files = this.receiptsToAdd;
    this.receiptsToAdd = [];
    if (files.length === 0) return;
    const dir = this.path(RECEIPT_DIR);
    await ensureDir(this.fs, dir, DIR_MODE);
    for (const file of files) {
      if (!SHA256_RE.test(file.sha256) || sha256Of(file.bytes) !== file.sha256) throw new Error(`receipt bytes do not match ${file.sha256}`);
      const target = join(dir, file.sha256);
      if (await this.fs.lstat(target)) continue;
      const tmp = tempPath(target);
      this.pending.push([tmp, target]);
      await this.fs.createSynced(tmp, Buffer.from(file.bytes), FILE_MODE);
    }
  }

  async readReceipt(sha256: string): Promise<Uint8Array | null> {
    await this.loadMeta();
    return this.receiptBytes(sha256);
  }

  private receiptBytes(sha256: string): Buffer | null {
    if (!SHA256_RE.test(sha256)) return null;
    const file = this.path(join(RECEIPT_DIR, sha256));
    try {
      return readPlainSync(file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  /**
   * Every receipt an expense lists is in receipts/, and every file there holds the bytes its name (their SHA-256)
   * says: else exit 3 naming the receipt.
   */
  private async checkReceipts(expenses: readonly Expense[]): Promise<Record<string, Buffer>> {
    const found: Record<string, Buffer> = {};
    for (const [sha256, id] of referencedReceipts(expenses)) {
      const bytes = this.receiptBytes(sha256);
      if (!bytes) throw new StoreError('store_invalid', t('receipt.missingInStore', { sha256, id }), t('receipt.checkHint'));
      found[sha256] = bytes;
    }
    if (await this.exists(RECEIPT_DIR)) {
      for (const name of (await this.fs.readdir(this.path(RECEIPT_DIR))).sort()) {
        if (name.endsWith('.tmp')) continue;
        const bytes = found[name] ?? this.receiptBytes(name);
        if (!bytes || sha256Of(bytes) !== name) throw new StoreError('store_invalid', t('receipt.badHash', { sha256: join(RECEIPT_DIR, name) }), t('receipt.checkHint'));
      }
    }
    return found;
  }

  private async readAuditText(): Promise<string> {
    return (await this.readAuditBytes()).toString('utf8');
  }

  private async readAuditBytes(): Promise<Buffer> {
    try {
      return await this.fs.readFile(this.path(AUDIT_FILE));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return Buffer.alloc(0);
      throw err;
    }
  }

  private async readAuditUnlocked(): Promise<AuditEntry[]> {
    const file = this.path(AUDIT_FILE);
    const text = await this.readAuditText();
    const entries: AuditEntry[] = [];
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      if (!line) continue;
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        throw new StoreError('store_invalid', t('store.lineNotValidJson', { file, value: i + 1 }));
      }
      entries.push(validateWith(auditEntrySchema(), parsed, `${file}: line ${i + 1}`));
    }
    return entries;
  }

  /**
   * The steps from 9 that change no record, each writing only what is new, in a journal of its own: 9 -> 10 changes no
   * file but store.json (its lists go into the indexes, as they are: spans, and digests that still vouch for the same
   * bytes); 10 -> 11 adds the refs blocks; 11 -> 12 writes calendar.json in columns. The files are first backed up one
   * at a time, byte for byte: memory and time that do not grow with the records (the general runner holds every
   * record, over 250 MiB at 50,000 members).
   */
  private async layoutFrom(version: 9 | 10 | 11, rawMeta: Record<string, unknown>, target: number): Promise<void> {
    const stamp = this.options.now.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
    const backupRoot = this.path(BACKUP_DIR);
    await ensureDir(this.fs, backupRoot, DIR_MODE);
    const backupDir = join(backupRoot, `schema-v${version}-${stamp}-${process.pid}`);
    await this.fs.mkdir(backupDir, DIR_MODE);
    const names = (await this.fs.readdir(this.dir)).filter((name) => (name.endsWith('.json') && name !== JOURNAL_FILE && name !== 'lock-owner.json') || name === AUDIT_FILE).sort();
    const copied: string[] = [];
    try {
      for (const name of names) {
        await this.fs.createSynced(join(backupDir, name), await this.fs.readFile(this.path(name)), FILE_MODE);
        copied.push(name);
      }
      await this.fs.fsyncDir(backupDir);
    } catch (err) {
      await this.removeQuietly(backupDir, copied);
      throw ioError(`could not back up the store to ${backupDir} before migrating it; the store is unchanged`, err);
    }
    // The version the store is at (each step commits on its own), and whether a commit was under way.
    let at = version;
    const progress = { committing: false };
    try {
      if (version === 9) {
        const meta = validateWith(metaSchema, { ...rawMeta, schemaVersion: 10 }, this.path(META_FILE));
        const metaDb = new Low<Meta>(new MetaFile(this.fs, this.path(META_FILE), this.stager), meta);
        this.resetIndexes(INDEXED.filter((name) => name !== 'refs').map((name) => [name, null]));
        progress.committing = true;
        await this.commit([], metaDb, [{ summary: `migrated the store from schemaVersion 9 to 10 (backup in ${backupDir})` }]);
        progress.committing = false;
        at = 10;
      }
      if (target >= 11 && at === 10) {
        await this.derivedFrom(refsIndex as Derived<unknown>, 10, version === 9 ? await this.readRawMeta() : rawMeta, backupDir, progress);
        at = 11;
      }
      if (target >= 12) await this.derivedFrom(calendarIndex as Derived<unknown>, 11, version === 11 ? rawMeta : await this.readRawMeta(), backupDir, progress);
    } catch (err) {
      // Stopped before any commit began (a damaged file it reads): nothing changed, and the copy goes, or a command run
      // again would make another of the whole store each time. A commit that failed may have begun: the copy stays.
      if (at === version && !progress.committing) await this.removeQuietly(backupDir, copied);
      if (!(err instanceof StoreError)) throw err;
      throw new StoreError(err.code, t('store.migrationStopped', { from: at, to: target, reason: err.message }), err.hint);
    }
    this.options.warn?.(`migrated the store from schemaVersion ${version} to ${target}; the old files are in ${backupDir}`);
  }

  /**
   * A step that adds or rewrites one derived file and changes no other file but store.json (10 -> 11: the refs blocks;
   * 11 -> 12: calendar.json in columns): built from its collection a file at a time (each validated unless its digest
   * vouches for it), then written with its index, if it has one, and store.json in one journal.
   */
  private async derivedFrom(index: Derived<unknown>, from: number, rawMeta: Record<string, unknown>, backupDir: string, progress: { committing: boolean }): Promise<void> {
    const metaDb = new Low<Meta>(new MetaFile(this.fs, this.path(META_FILE), this.stager), validateWith(metaSchema, { ...rawMeta, schemaVersion: from + 1 }, this.path(META_FILE)));
    this.resetIndexes();
    await this.loadIndexes(metaDb, INDEXED.filter((name) => name !== baseOf(index)), 'trust-digest');
    const value = new Map<string, unknown>();
    for (const file of filesOf(metaDb.data, index.source)) {
      const records = await this.openFile(index.source, file, metaDb.data, 'trust-digest');
      for (const [id, entry] of index.build(records.data)) value.set(id, entry);
    }
    const partitions = copyRecord(metaDb.data.partitions);
    const writes = this.derivedFiles.writeAll(index, value, partitions);
    metaDb.data = { ...metaDb.data, partitions };
    if (index.blocked) this.indexes.set(baseOf(index) as IndexedName, null);
    progress.committing = true;
    await this.commit(writes, metaDb, [{ summary: `migrated the store from schemaVersion ${from} to ${from + 1} (backup in ${backupDir})` }]);
    progress.committing = false;
  }

  private async migrateFrom(version: number, rawMeta: Record<string, unknown>, target: number): Promise<void> {
    if ((version === 9 || version === 10 || version === 11) && target <= 12 && !this.options.migrations) return this.layoutFrom(version, rawMeta, target);
    const migrations = this.options.migrations ?? MIGRATIONS;
    // Steps that change each record on its own (8 to 9) go a collection at a time (migrate-by-collection.ts): the
    // files are read when backed up, then when migrated, instead of held whole.
    const byCollection = migratesByCollection(migrations, version, target);
    // Files in record order: blocks and partitions in number order, so a collection's records come in their order.
    const present = (await this.fs.readdir(this.dir)).sort(byFileOrder);
    const raw: RawStore = { meta: rawMeta, collections: {} };
    const originals: Array<[string, Buffer | null]> = [[META_FILE, await this.fs.readFile(this.path(META_FILE))]];
    const collectionFiles: string[] = [];
    const readCollections = async (backedUp: boolean) => {
      for (const name of collectionFiles) {
        const bytes = await this.fs.readFile(this.path(name));
        if (!backedUp) originals.push([name, bytes]);
        // A partitioned collection (schemaVersion 3 on) is all of its files together.
        const records = decodeJson(this.path(name), bytes);
        const collection = collectionOfFile(name);
        const earlier = raw.collections[collection];
        raw.collections[collection] = Array.isArray(earlier) && Array.isArray(records) ? [...earlier, ...records] : records;
      }
    };
    for (const name of present) {
      if (!name.endsWith('.json') || name === META_FILE || name === JOURNAL_FILE || name === 'lock-owner.json') continue;
      // An index (schemaVersion 10 on) lists files: backed up as it is; the migration writes every index anew.
      if (INDEX_FILE.test(name)) {
        originals.push([name, null]);
        continue;
      }
      collectionFiles.push(name);
      if (byCollection) originals.push([name, null]);
    }
    if (!byCollection) await readCollections(false);
    if (present.includes(AUDIT_FILE)) originals.push([AUDIT_FILE, byCollection ? null : await this.fs.readFile(this.path(AUDIT_FILE))]);

    // The backup is byte-identical and complete before anything is changed.
    const stamp = this.options.now.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
    const backupRoot = this.path(BACKUP_DIR);
    await ensureDir(this.fs, backupRoot, DIR_MODE);
    const backupDir = join(backupRoot, `schema-v${version}-${stamp}-${process.pid}`);
    await this.fs.mkdir(backupDir, DIR_MODE);
    try {
      for (const [name, bytes] of originals) await this.fs.createSynced(join(backupDir, name), bytes ?? (await this.fs.readFile(this.path(name))), FILE_MODE);
      await this.fs.fsyncDir(backupDir);
    } catch (err) {
      // A full disk: nothing was migrated, so the half-written backup goes too and the store is as it was.
      await this.removeQuietly(backupDir, originals.map(([name]) => name));
      throw ioError(`could not back up the store to ${backupDir} before migrating it; the store is unchanged`, err);
    }
    const summary = `migrated the store from schemaVersion ${version} to ${target} (backup in ${backupDir})`;
    const retiredOf = (written: ReadonlySet<string>, partitions: Record<string, PartitionInfo>) => {
      // Files of the old layout that the new one does not write (members.json and roster.json when they go to blocks).
      const kept = new Set([...written, ...Object.keys(partitions), ...DERIVED.filter((index) => !index.blocked).map((index) => index.file)]);
      return collectionFiles.filter((name) => !kept.has(name) && isStoreFile(name) && name !== META_FILE);
    };

    if (byCollection) {
      let migrated: Record<string, unknown>;
      try {
        migrated = migrate({ meta: rawMeta, collections: {} }, version, migrations, target).meta;
      } catch (err) {
        throw new StoreError('store_invalid', t('store.couldNotMigrateThe', { version, value: (err as Error).message }));
      }
      const metaDb = new Low<Meta>(new MetaFile(this.fs, this.path(META_FILE), this.stager), { ...validateWith(metaSchema, migrated, this.path(META_FILE)), digests: {}, partitions: {} });
      const retired: string[] = [];
      const store = { fs: this.fs, path: (file: string) => this.path(file), stage: this.stager, derivedFiles: this.derivedFiles };
      const dbs = planByCollection(store, collectionFiles, migrations, version, target, metaDb, (written, partitions) => retired.push(...retiredOf(written, partitions)));
      // Every index written (indexes.ts), as the whole migration below writes them.
      this.resetIndexes(INDEXED.map((name) => [name, null]));
      try {
        await this.commit(dbs, metaDb, [{ summary }], retired);
        this.options.warn?.(`migrated the store from schemaVersion ${version} to ${target}; the old files are in ${backupDir}`);
        return;
      } catch (err) {
        if (!(err instanceof NotByCollection)) throw err;
      }
      // Nothing committed: the whole migration, after the same backup.
      await readCollections(true);
    }

    let next: RawStore;
    try {
      next = migrate(raw, version, migrations, target);
    } catch (err) {
      throw new StoreError('store_invalid', t('store.couldNotMigrateThe', { version, value: (err as Error).message }));
    }
    const meta = validateWith(metaSchema, next.meta, this.path(META_FILE));
    const dbs: Array<Low<unknown>> = [];
    const partitions: Record<string, PartitionInfo> = {};
    const written = new Set<string>();
    const fileDb = (name: CollectionName, file: string, records: unknown[]) => {
      written.add(file);
      return new Low<unknown[]>(new CollectionFile(this.fs, this.path(file), name, this.stager, undefined), records) as Low<unknown>;
    };
    for (const name of COLLECTION_NAMES) {
      const records = validateCollection(name, next.collections[name] ?? [], this.path(collectionFile(name)));
      if (!isSplit(name)) {
        dbs.push(fileDb(name, collectionFile(name), records));
        continue;
      }
      for (const [file, part] of groupByFile(name, records)) {
        dbs.push(fileDb(name, file, part));
        partitions[file] = spanFor(name, part);
      }
    }
    for (const index of DERIVED) {
      const value = index.build((next.collections[index.source] as unknown[] | undefined) ?? []);
      for (const db of this.derivedFiles.writeAll(index, value, partitions)) {
        dbs.push(db);
      }
    }
    const metaDb = new Low<Meta>(new MetaFile(this.fs, this.path(META_FILE), this.stager), { ...meta, digests: {}, partitions });
    // Every index written (indexes.ts), an empty one for a collection with no file yet.
    this.resetIndexes(INDEXED.map((name) => [name, null]));
    await this.commit(dbs, metaDb, [{ summary }], retiredOf(written, partitions));
    this.options.warn?.(`migrated the store from schemaVersion ${version} to ${target}; the old files are in ${backupDir}`);
  }
}

/** A collection's file, of this layout or an earlier one (`ledger.json`, `members.json`), or a partition or block file. */
export function isCollectionFile(name: string): boolean {
  return COLLECTION_NAMES.some((c) => collectionFile(c) === name) || PARTITION_FILE.test(name);
}

/**
 * A file a commit may rename into place or retire: store.json, an index, a collection's file, a derived file (a block,
 * or a whole file of this layout or an earlier one: roster.json).
 */
export function isStoreFile(name: string): boolean {
  return name === META_FILE || INDEX_FILE.test(name) || isCollectionFile(name) || DERIVED.some((d) => d.file === name) || derivedOfFile(name) !== undefined;
}

/** A receipt's place in the store: receipts/<sha256>. */
export const isReceiptFile = (name: string): boolean => name.startsWith(`${RECEIPT_DIR}/`) && SHA256_RE.test(name.slice(RECEIPT_DIR.length + 1));

function snapshotOf<K extends CollectionName>(loaded: Loaded): Snapshot<K> {
  const snapshot: Record<string, unknown> = { meta: loaded.meta.data };
  // Presence goes out as a view, the calendar as a timeline: how the files encode them stays in the store.
  for (const [name, read] of loaded.derived) {
    snapshot[name] = name === 'presence' ? presenceView(read.value as Presence) : name === 'calendar' ? (read.view ?? timelineOfCalendar(read.value as Calendar)) : read.value;
  }
  for (const [name, collection] of loaded.collections) snapshot[name] = collection.data;
  return snapshot as Snapshot<K>;
}

/**
 * An index's entries into a meta's digests and spans: each entry is its file's span (its digest, an extra key, is not
 * read as part of it), and its digest counts only from an index store.json vouches for. A `__proto__` key is no file.
 */
function mergeEntries(entries: Record<string, IndexEntry>, digests: Record<string, string>, partitions: Record<string, PartitionInfo>, vouched: boolean): void {
  for (const part in entries) {
    if (part === '__proto__') continue;
    const entry = entries[part]!;
    partitions[part] = entry;
    if (vouched && entry.digest !== undefined) digests[part] = entry.digest;
  }
}

/**
 * Each file's span alone, for a backup (the meta's spans are its indexes' entries, which hold the digest too): not the
 * refs blocks, which a backup does not hold (backupFilesOf).
 */
function spansOf(partitions: Record<string, PartitionInfo>): Record<string, PartitionInfo> {
  const spans: Record<string, PartitionInfo> = {};
  for (const file in partitions) if (!isRefsBlock(file)) spans[file] = { from: partitions[file]!.from, to: partitions[file]!.to };
  return spans;
}

/** The same records in the same order: nothing to write. */
function sameRecords(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((r, i) => r === b[i]);
}

/** A JSON file rewritten; the same text when nothing changed. */
function rewriteDocument(text: string, rewrite: BackupRewrite['rewrite']): string {
  const doc: unknown = JSON.parse(text);
  const next = rewrite(doc);
  return next === doc ? text : `${JSON.stringify(next, null, 1)}\n`;
}

/** A JSON Lines file (an audit log) rewritten line by line; the same text when nothing changed. */
function rewriteLines(text: string, rewrite: BackupRewrite['rewrite']): string {
  let changed = false;
  const lines = text.split('\n').map((line) => {
    if (!line) return line;
    const doc: unknown = JSON.parse(line);
    const next = rewrite(doc);
    if (next === doc) return line;
    changed = true;
    return JSON.stringify(next);
  });
  return changed ? lines.join('\n') : text;
}

/**
 * The actor as the audit log records it: the member's id when `--by` (or $CLUB_ACTOR) names one member of the change's
 * snapshot, so that no name is written to the log; else the text as given.
 */
function actorAsMember(actor: string, members: readonly Member[]): string {
  try {
    return resolveMember(members, actor).id;
  } catch {
    return actor;
  }
}

function ioError(what: string, err: unknown): StoreError {
  if (err instanceof StoreError) return err;
  const e = err as NodeJS.ErrnoException;
  const where = e.path && !e.message.includes(e.path) ? ` (${e.path})` : '';
  // The file being written, not its temp file: `store.json.<16 hex>.tmp` (or an older `.1234.ab12cd.tmp`) is store.json.
  const text = `${e.message.replace(/^[A-Z]+: /, '')}${where}`.replace(/\.(?:\d+\.)?[a-z0-9]+\.tmp\b/g, '');
  return new StoreError('store_io', `${what}: ${e.code ?? ''}${e.code ? ' ' : ''}${text}`);
}

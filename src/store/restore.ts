// Restoring a `club backup` file into a new store directory: every file written durably, store.json last (a folder
// without it is not a store yet), then the whole store validated (and migrated if the backup is older).
import { basename, join } from 'node:path';
import { RuleError, StoreError, UsageError } from '../core/errors.js';
import type { StoreFs } from './fs.js';
import type { BackupBundle } from './bundle.js';
import { receiptsOf } from './bundle.js';
import { ensureDir, tempPath } from './fs.js';
import { FolderTemplates } from './templates.js';
import { AUDIT_FILE, DIR_MODE, FILE_MODE, FileStore, META_FILE, RECEIPT_DIR, isStoreFile } from './file-store.js';
import { holdsStore, newStoreDir } from './init.js';
import { t } from '../i18n/index.js';
import { acquireLock } from './lock.js';
import { DERIVED, calendarIndex, derivedOfFile, refsIndex } from './derived.js';
import { CALENDAR_FILE, calendarOf, serializeCalendar } from './calendar.js';
import type { Calendar } from './calendar.js';
import { SESSION_STATUSES } from '../core/sessions/types.js';
import { isRefsBlock, refsOf, serializeRefs } from './refs.js';
import type { CheckOptions, StoreCounts } from './types.js';
import { digestFrom, digestOf, durableWrite } from './validated-json-file.js';
import { INDEXED, indexFile, indexOfFile, serializeIndex } from './indexes.js';
import type { PartitionInfo } from './partitions.js';
import { INDEX_FILE } from './schema.js';
import { CURRENT_SCHEMA_VERSION, holdsCurrentData } from './migrations.js';
import type { Batches, BundleHead, BundleSink, BundleTail, FileShape } from './backup-stream.js';
import type pg from 'pg';
import type { DbRestoreOptions } from './pg/restore.js';
import { NULL_SINK, validatedEntries } from './backup-stream.js';

/** A backup file's text as a bundle, its shape and file names checked before anything is written anywhere. */
export function parseBundle(bundleText: string): BackupBundle {
  let bundle: BackupBundle;
  try {
    bundle = JSON.parse(bundleText) as BackupBundle;
  } catch (err) {
    throw new UsageError(t('store.notAClubBackup', { value: (err as Error).message }));
  }
  return checkBundle(bundle);
}

/** A parsed backup's shape and file names (every receipt against its hash), checked before anything is written. */
export function checkBundle(bundle: BackupBundle): BackupBundle {
  if (bundle?.format !== 'clubadmin-backup' || typeof bundle.files !== 'object' || bundle.files === null || typeof bundle.files[META_FILE] !== 'object') {
    throw new UsageError(t('store.notAClubBackup2'));
  }
  // Only the store's own data files (no journal, lock, path or other name).
  for (const name of Object.keys(bundle.files)) {
    if (!isStoreFile(name) || INDEX_FILE.test(name)) throw new UsageError(t('store.backupName', { name: JSON.stringify(name) }));
  }
  if (bundle.templates !== undefined && (typeof bundle.templates !== 'object' || bundle.templates === null || Object.values(bundle.templates).some((v) => typeof v !== 'string'))) {
    throw new UsageError(t('pgcopy.badTemplates'));
  }
  if (bundle.access !== undefined && (!Array.isArray(bundle.access) || bundle.access.some((a) => typeof a?.user !== 'string' || (a.memberId !== null && typeof a.memberId !== 'string')))) {
    throw new UsageError(t('pgcopy.badAccess'));
  }
  // Every receipt checked against its hash before anything is written.
  receiptsOf(bundle, Array.isArray(bundle.files['expenses.json']) ? (bundle.files['expenses.json'] as Array<{ id: string; receipts: Array<{ sha256: string }> }>).filter((e) => Array.isArray(e?.receipts)) : []);
  return bundle;
}

/** A backup to restore, read a line at a time when it is in the layout `club backup` writes, else whole. */
export interface OpenedBackup {
  createdAt: string;
  /** Sends its parts into `sink` (restoreInto). */
  into(sink: BundleSink): Promise<void>;
  /** Fills the empty database of `client` with it, in one transaction. */
  intoDatabase(client: pg.Client, options: DbRestoreOptions): Promise<unknown>;
}

/**
 * The backup at `path` (null: standard input, `readWhole`), checked before anything is written anywhere: one in the
 * layout is read through once to check it (and again to restore it); any other (an older club's) is parsed whole.
 */
export async function openBackup(path: string | null, readWhole: () => Promise<Buffer>): Promise<OpenedBackup> {
  const { outlineOf, replayBundle, replayFile } = await import('./backup-stream.js');
  const outline = path === null ? null : await outlineOf(path);
  if (outline) {
    checkBundle(outline.checked);
    return {
      createdAt: outline.head.createdAt,
      into: (sink) => replayFile(path!, outline, sink),
      intoDatabase: async (client, options) => {
        const { restoreDatabaseFrom } = await import('./pg/restore-sink.js');
        return restoreDatabaseFrom(client, options, (sink) => replayFile(path!, outline, sink));
      },
    };
  }
  const bundle = parseBundle((await readWhole()).toString('utf8'));
  return {
    createdAt: bundle.createdAt,
    into: (sink) => replayBundle(bundle, sink),
    intoDatabase: async (client, options) => {
      const { restoreDatabase } = await import('./pg/restore.js');
      return restoreDatabase(client, bundle, options);
    },
  };
}

interface RestoreOptions {
  fs: StoreFs;
  now: Date;
  actor: string;
  command: string;
}

/**
 * Writes `bundle` into the new folder store `dir`, with one audit entry (`summary`) after the bundle's log; `name` is
 * the command for messages (`club restore`, `club store copy`).
 */
export async function restoreBundle(dir: string, bundle: BackupBundle, options: RestoreOptions & { summary: string; name: string }): Promise<{ counts: StoreCounts; createdAt: string }> {
  const { replayBundle } = await import('./backup-stream.js');
  return { counts: await restoreInto(dir, options, (sink) => replayBundle(bundle, sink)), createdAt: bundle.createdAt };
}

/**
 * Makes the new folder store `dir` (a new or empty folder) from what `feed` sends into its sink: every file written
 * durably, store.json last (a folder without it is not a store yet), then the whole store checked (and migrated if
 * the backup is older). The audit log gets one entry (`summary`) after the backup's.
 */
export async function restoreInto(dir: string, options: RestoreOptions & { summary: string; name: string }, feed: (sink: BundleSink) => Promise<void>, counted?: CheckOptions['counted']): Promise<StoreCounts> {
  const { fs } = options;
  const already = () => new RuleError(t('store.alreadyHoldsAClub2', { dir }), options.name === 'club restore' ? 'restore into a new folder: club restore FILE --store NEW_DIR' : t('pgcopy.holdsStore.hint'));
  await newStoreDir(dir, fs, options.name, already);
  const sink = new FolderSink(dir, options);
  const lock = await acquireLock(dir, { waitMs: 10_000, command: options.command, actor: options.actor });
  try {
    if (await holdsStore(dir, fs)) throw already();
    await feed(sink);
  } finally {
    await lock.release();
  }
  const store = (): FileStore => new FileStore(dir, { fs, actor: options.actor, command: options.command, now: options.now });
  const counts = await store().check({ counted });
  // Valid: what the restore wrote is the store's own from now on, as if a change had written it (no file validated
  // again by every read until a change rewrites it, no name looked up in every member).
  await store().vouchRestored(sink.written);
  return counts;
}

/** Partitions without the refs blocks a backup made by a development build of version 11 may list. */
const withoutRefs = (partitions: Record<string, PartitionInfo>) => Object.fromEntries(Object.entries(partitions).filter(([file]) => !isRefsBlock(file)));

/** Enough of a session to be summed up in the calendar: its id, start and status of the kinds the record has. */
const isSessionShaped = (r: unknown): boolean => {
  const s = r as Record<string, unknown> | null;
  return typeof s === 'object' && s !== null && typeof s.id === 'string' && /^s[1-9]\d*$/.test(s.id) && typeof s.startsAt === 'string' && (SESSION_STATUSES as readonly unknown[]).includes(s.status) && (s.audience === undefined || typeof s.audience === 'string');
};

/** A backup's parts written into a new folder store, a file at a time (restoreInto). */
class FolderSink implements BundleSink {
  private meta: Record<string, unknown> = {};
  private expenses: Array<{ id: string; receipts: Array<{ sha256: string }> }> = [];
  /**
   * The refs blocks written (refs.ts): a backup holds none (they are the members' names and contacts again, folded,
   * which a purge would have to find there), so each is made from its block of members as that is written.
   */
  private refs: Record<string, PartitionInfo> = {};
  /** The calendar, made from the blocks of sessions as they are written (a backup holds none: derived.ts, BACKED_UP). */
  private calendar: Calendar = new Map();
  /**
   * The digest of each data file as written (`size:crc32:…`): once the check after the restore has validated the
   * store, the files whose bytes are still these are vouched for (FileStore.vouchRestored).
   */
  readonly written = new Map<string, string>();

  constructor(
    private readonly dir: string,
    private readonly options: RestoreOptions & { summary: string },
  ) {}

  async head(head: BundleHead): Promise<void> {
    this.meta = head.meta;
  }

  async file(name: string, shape: FileShape, batches: Batches): Promise<void> {
    const { fs } = this.options;
    const target = join(this.dir, name);
    // A block of a derived file, or a whole one (calendar.json; roster.json of a backup before schemaVersion 9).
    const index = derivedOfFile(name) ?? DERIVED.find((d) => d.file === name);
    // Made from the records instead (derived.ts, BACKED_UP): an older backup's are read through and left.
    if (index === refsIndex || index === calendarIndex) return NULL_SINK.file(name, shape, batches);
    if (index) {
      // A derived file a batch of entries at a time, each validated and written as the store writes it; in id order
      // (lines.ts finds an entry by it), as a store's backup holds them.
      await this.write(target, async (write) => {
        let count = 0;
        for await (const lines of validatedEntries(index, batches, `the backup's ${name}`)) {
          write(`${count ? ',\n' : '{\n'}${lines.join(',\n')}`);
          count += lines.length;
        }
        write(count ? '\n}\n' : '{}\n');
      });
      return;
    }
    if (shape !== 'array') throw new StoreError('store_invalid', t('store.theBackupSIs', { name }));
    // A block of members of a club in this layout: its refs block too, once it is written.
    const refsFile = /^members\.b\d+\.json$/.test(name) && holdsCurrentData(this.meta.schemaVersion as number) ? name.replace(/^members\./, 'refs.') : null;
    const refs = refsFile === null ? null : new Map<string, string[]>();
    // A block of sessions, likewise: its entries in the calendar, written at the end.
    const calendar = /^sessions\.b\d+\.json$/.test(name) && holdsCurrentData(this.meta.schemaVersion as number);
    // Records one a line as the store writes them (serializeCollection), a batch at a time; validated by the check.
    await this.write(target, async (write) => {
      let count = 0;
      for await (const batch of batches) {
        if (batch.length === 0) continue;
        const records = batch.map((text) => JSON.parse(text) as unknown);
        if (name === 'expenses.json') for (const e of records as typeof this.expenses) if (Array.isArray(e?.receipts)) this.expenses.push(e);
        if (refs) for (const [id, keys] of refsOf(records)) refs.set(id, keys);
        // Records not validated yet (the check after the restore does): only sessions' shapes are summed up here.
        if (calendar) for (const [id, entry] of calendarOf(records.filter(isSessionShaped))) this.calendar.set(id, entry);
        write(`${count ? ',\n' : '[\n'}${records.map((r) => JSON.stringify(r)).join(',\n')}`);
        count += records.length;
      }
      write(count ? '\n]\n' : '[]\n');
    });
    if (refsFile && refs!.size > 0) {
      await this.write(join(this.dir, refsFile), async (write) => write(serializeRefs(refs!)));
      this.refs[refsFile] = { from: null, to: null };
    }
  }

  /** A file written by `fn` a piece at a time into a temp file, fsynced and renamed into place. */
  private async write(target: string, fn: (write: (text: string) => void) => Promise<void>): Promise<void> {
    const { fs } = this.options;
    const tmp = tempPath(target, true);
    const writer = fs.createWriter(tmp, FILE_MODE);
    const { crc32 } = process.getBuiltinModule('node:zlib');
    let crc = 0;
    try {
      await fn((text) => {
        crc = crc32(text, crc);
        writer.write(text);
      });
      writer.close();
      await fs.rename(tmp, target);
      this.written.set(basename(target), digestFrom(writer.bytes, crc));
    } catch (err) {
      writer.abandon();
      await fs.unlink(tmp).catch(() => undefined);
      throw err;
    }
  }

  async tail(tail: BundleTail): Promise<void> {
    const { fs, now, actor, command, summary } = this.options;
    const dir = this.dir;
    const receipts = receiptsOf({ receipts: tail.receipts } as BackupBundle, this.expenses);
    if (receipts.length) {
      await ensureDir(fs, join(dir, RECEIPT_DIR), DIR_MODE);
      for (const r of receipts) await durableWrite(fs, join(dir, RECEIPT_DIR, r.sha256), Buffer.from(r.bytes), FILE_MODE);
    }
    const templates = new FolderTemplates(fs, dir, FILE_MODE, DIR_MODE);
    for (const [name, text] of Object.entries(tail.templates ?? {})) await templates.write(name, text);
    const entry = { at: now.toISOString(), actor, command, summary, refs: [] };
    await fs.writeAtSynced(join(dir, AUDIT_FILE), 0, `${tail.audit}${JSON.stringify(entry)}\n`, FILE_MODE);
    await fs.fsyncDir(dir);
    // The digests describe the original files; the first read validates every record instead. The partitions stay:
    // they list the partition files just written, with their spans (club check verifies them). From schemaVersion 10
    // each collection's are in its index (indexes.ts), with no digest; a backup of an earlier store is restored in its
    // own layout, and migrated by the check.
    let meta = tail.partitions ? { ...this.meta, partitions: { ...withoutRefs(tail.partitions), ...this.refs } } : this.meta;
    // A club of a version whose files are those of this one (a database's, of version 9 or 10) is written in this
    // version's layout: the same files, and the indexes.
    if (typeof meta.schemaVersion === 'number' && holdsCurrentData(meta.schemaVersion)) {
      const { partitions = {}, ...root } = meta as { partitions?: Record<string, PartitionInfo> };
      // Made of records the check that follows validates, and compared with them there.
      const calendar = serializeCalendar(this.calendar);
      await durableWrite(fs, join(dir, CALENDAR_FILE), calendar, FILE_MODE);
      this.written.set(CALENDAR_FILE, await digestOf(calendar));
      for (const name of INDEXED) {
        const entries = Object.fromEntries(Object.entries(partitions).filter(([file]) => indexOfFile(file) === name));
        await durableWrite(fs, join(dir, indexFile(name)), serializeIndex(entries), FILE_MODE);
      }
      meta = { ...root, schemaVersion: CURRENT_SCHEMA_VERSION };
    }
    await durableWrite(fs, join(dir, META_FILE), `${JSON.stringify(meta, null, 2)}\n`, FILE_MODE);
  }
}

// The file store: a directory of JSON files, one per collection, read and written through lowdb with adapters of
// our own (validated-json-file.ts). A change to several files is made atomic by a redo journal:
//   1. each changed file is written to a unique temp file and fsynced;
//   2. journal.json names the renames and the audit lines (written temp + fsync + rename: the commit point);
//   3. the renames and the audit append are applied, the directory fsynced, the journal removed.
// Whoever takes the lock next finds an unfinished journal and completes it, so a crash leaves the old or the new
// store, never a mix. Every command, reads included, holds the lock from its first read to its last rename.
import { Low } from 'lowdb';
import { basename, join } from 'node:path';
import type { AuditEntry } from '../core/types.js';
import { StoreBusyError, StoreError } from '../core/errors.js';
import { isValidTimeZone } from '../core/settings.js';
import { acquireLock } from './lock.js';
import type { Lock } from './lock.js';
import type { StoreFs } from './fs.js';
import { CURRENT_SCHEMA_VERSION, MIGRATIONS, migrate } from './migrations.js';
import type { Migration, RawStore } from './migrations.js';
import { COLLECTION_NAMES, auditSchema, metaSchema } from './schema.js';
import type { CollectionName, Collections, Meta } from './schema.js';
import type { AuditInput, Snapshot, Store, StoreCounts, UpdateOutcome } from './types.js';
import { CollectionFile, MetaFile, decodeJson, digestOf, durableWrite, validateCollection, validateWith } from './validated-json-file.js';
import type { Stager } from './validated-json-file.js';

export const META_FILE = 'store.json';
export const AUDIT_FILE = 'audit.jsonl';
export const JOURNAL_FILE = 'journal.json';
export const BACKUP_DIR = 'backups';
export const FILE_MODE = 0o600;
export const DIR_MODE = 0o700;

export interface StoreOptions {
  fs: StoreFs;
  actor: string;
  /** The command line, for the audit log and the lock owner. */
  command: string;
  now: Date;
  tz?: string;
  waitMs?: number;
  warn?: (message: string) => void;
  /** Overridable for tests of the migration runner. */
  migrations?: Migration[];
  targetVersion?: number;
}

interface Journal {
  renames: Array<[string, string]>;
  audit: { offset: number; text: string } | null;
}

type Loaded<K extends CollectionName> = { meta: Low<Meta> } & { [P in K]: Low<Collections[P]> };

export const collectionFile = (name: CollectionName): string => `${name}.json`;

export class FileStore implements Store {
  readonly dir: string;
  private readonly fs: StoreFs;
  private readonly options: StoreOptions;

  constructor(dir: string, options: StoreOptions) {
    this.dir = dir;
    this.fs = options.fs;
    this.options = options;
  }

  async read<K extends CollectionName>(names: readonly K[]): Promise<Snapshot<K>> {
    return this.locked(async () => snapshotOf(await this.load(names)));
  }

  async update<K extends CollectionName, R>(names: readonly K[], fn: (draft: Snapshot<K>) => UpdateOutcome<R>): Promise<R> {
    return this.locked(async () => {
      await this.removeStaleTemps();
      const loaded = await this.load(names);
      const before = snapshotOf(loaded);
      const draft = { ...before };
      const outcome = fn(draft);
      if (!outcome.audit) return outcome.result;
      const changed = (Object.keys(draft) as Array<keyof Snapshot<K>>).filter((key) => key !== 'meta' && draft[key] !== before[key]);
      loaded.meta.data = draft.meta;
      await this.commit(
        changed.map((key) => {
          const db = loaded[key as keyof Loaded<K>] as Low<unknown>;
          db.data = draft[key];
          return db;
        }),
        draft.meta !== before.meta || changed.length > 0 ? loaded.meta : null,
        [outcome.audit],
      );
      return outcome.result;
    });
  }

  async readAudit(): Promise<AuditEntry[]> {
    return this.locked(async () => {
      await this.loadMeta();
      return this.readAuditUnlocked();
    });
  }

  async check(): Promise<StoreCounts> {
    return this.locked(async () => {
      const loaded = await this.load(COLLECTION_NAMES, true);
      await this.readAuditUnlocked();
      const zone = loaded.meta.data.settings.timezone;
      if (!isValidTimeZone(zone)) throw new StoreError('store_invalid', `${this.path(META_FILE)}: settings.timezone: ${JSON.stringify(zone)} is not a time zone`, 'club config set timezone Asia/Shanghai');
      return {
        members: loaded.members.data.length,
        sessions: loaded.sessions.data.length,
        attendance: loaded.attendance.data.length,
        ledger: loaded.ledger.data.length,
        surveys: loaded.surveys.data.length,
        responses: loaded.responses.data.length,
        tasks: loaded.tasks.data.length,
      };
    });
  }

  async backup(outFile: string): Promise<{ file: string; bytes: number }> {
    return this.locked(async () => {
      await this.load(COLLECTION_NAMES); // validates: a backup of a broken store is refused, not silently copied
      const files: Record<string, unknown> = {};
      for (const name of [META_FILE, ...COLLECTION_NAMES.map(collectionFile)]) {
        files[name] = JSON.parse((await this.fs.readFile(join(this.dir, name))).toString('utf8'));
      }
      const audit = await this.readAuditText();
      const bundle = {
        format: 'clubadmin-backup',
        schemaVersion: CURRENT_SCHEMA_VERSION,
        createdAt: this.options.now.toISOString(),
        files,
        audit,
      };
      const text = `${JSON.stringify(bundle, null, 1)}\n`;
      await durableWrite(this.fs, outFile, text, FILE_MODE);
      return { file: outFile, bytes: Buffer.byteLength(text) };
    });
  }

  // --- internals -------------------------------------------------------------------------------------------------

  private lock: Lock | null = null;

  private async locked<T>(fn: () => Promise<T>): Promise<T> {
    const lock = await acquireLock(this.dir, {
      waitMs: this.options.waitMs ?? 10_000,
      command: this.options.command,
      actor: this.options.actor,
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

  private path(file: string): string {
    return join(this.dir, file);
  }

  private async loadMeta(): Promise<Low<Meta>> {
    const raw = await this.readRawMeta();
    const version = raw.schemaVersion;
    const target = this.options.targetVersion ?? CURRENT_SCHEMA_VERSION;
    if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
      throw new StoreError('store_invalid', `${this.path(META_FILE)}: schemaVersion: expected a whole number >= 1 (got ${JSON.stringify(version)})`);
    }
    if (version > target) {
      throw new StoreError(
        'store_too_new',
        `${this.path(META_FILE)}: this store has schemaVersion ${version}, written by a newer club; this club reads up to ${target}`,
        'upgrade clubadmin (npm install -g clubadmin@latest) to use this store',
      );
    }
    if (version < target) await this.migrateFrom(version, raw, target);
    const meta = new Low<Meta>(new MetaFile(this.fs, this.path(META_FILE), this.stager), null as unknown as Meta);
    await meta.read();
    return meta;
  }

  private async readRawMeta(): Promise<Record<string, unknown>> {
    const file = this.path(META_FILE);
    let bytes: Buffer;
    try {
      bytes = await this.fs.readFile(file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new StoreError('store_invalid', `${file} is missing: ${this.dir} is not a complete club store`, 'restore it from a backup, or run club init in a new directory');
      }
      throw err;
    }
    const raw = decodeJson(file, bytes);
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      throw new StoreError('store_invalid', `${file}: (top level): expected an object`);
    }
    return raw as Record<string, unknown>;
  }

  /** `verify`: validate every record even when the bytes match their digest (club check). */
  private async load<K extends CollectionName>(names: readonly K[], verify = false): Promise<Loaded<K>> {
    const meta = await this.loadMeta();
    const loaded = { meta } as Loaded<K>;
    for (const name of names) {
      const file = collectionFile(name);
      const db = new Low<unknown[]>(new CollectionFile(this.fs, this.path(file), name, this.stager, verify ? undefined : meta.data.digests?.[file]), []);
      await db.read();
      (loaded as Record<string, unknown>)[name] = db;
    }
    return loaded;
  }

  /** Where lowdb's write() puts its bytes: a temp file, renamed into place by the journal. */
  private pending: Array<[string, string]> = [];
  private digests = new Map<string, string>();
  private readonly stager: Stager = async (target, text) => {
    const tmp = `${target}.${process.pid}.${Math.random().toString(36).slice(2, 10)}.tmp`;
    this.pending.push([tmp, target]);
    if (basename(target) !== META_FILE) this.digests.set(basename(target), await digestOf(text));
    await this.fs.createSynced(tmp, text, FILE_MODE);
  };

  /** Stages the changed collections, then the meta with their new digests, then commits them all together. */
  private async commit(dbs: Array<Low<unknown>>, meta: Low<Meta> | null, audits: AuditInput[]): Promise<void> {
    this.pending = [];
    this.digests = new Map();
    try {
      for (const db of dbs) await db.write();
      if (meta) {
        if (this.digests.size) meta.data = { ...meta.data, digests: { ...meta.data.digests, ...Object.fromEntries(this.digests) } };
        await meta.write();
      }
      const text = audits.map((a) => `${JSON.stringify(this.auditEntry(a))}\n`).join('');
      const offset = await this.fs.stat(this.path(AUDIT_FILE)).then((s) => s.size, () => 0);
      if (this.lock && !(await this.lock.held())) {
        throw new StoreBusyError('lost the store lock while working (paused for longer than its stale timeout?); nothing was written', 'run the command again');
      }
      const journal: Journal = {
        renames: this.pending.map(([tmp, target]) => [basename(tmp), basename(target)]),
        audit: text ? { offset, text } : null,
      };
      await durableWrite(this.fs, this.path(JOURNAL_FILE), JSON.stringify(journal), FILE_MODE);
    } catch (err) {
      // Nothing is committed before the journal exists: drop the temp files and leave the store as it was.
      for (const [tmp] of this.pending) await this.fs.unlink(tmp).catch(() => undefined);
      this.pending = [];
      if (err instanceof StoreBusyError) throw err;
      throw ioError('could not write the change; the store is unchanged', err);
    }
    this.pending = [];
    try {
      await this.applyJournal();
    } catch (err) {
      throw ioError('the change is committed to the journal but could not be finished; the next club command completes it', err);
    }
  }

  private auditEntry(input: AuditInput): AuditEntry {
    return {
      at: this.options.now.toISOString(),
      actor: this.options.actor,
      command: this.options.command,
      summary: input.summary,
      refs: input.refs ?? [],
    };
  }

  private async recoverJournal(): Promise<void> {
    let exists = true;
    await this.fs.stat(this.path(JOURNAL_FILE)).catch(() => {
      exists = false;
    });
    if (!exists) return;
    try {
      await this.applyJournal();
    } catch (err) {
      throw ioError(`could not complete the unfinished change in ${this.path(JOURNAL_FILE)}`, err);
    }
    this.options.warn?.('completed a change that an interrupted club command had committed');
  }

  private async applyJournal(): Promise<void> {
    const file = this.path(JOURNAL_FILE);
    const journal = decodeJson(file, await this.fs.readFile(file)) as Journal;
    for (const [tmp, target] of journal.renames) {
      try {
        await this.fs.rename(this.path(tmp), this.path(target));
      } catch (err) {
        // Already renamed by an earlier, interrupted recovery.
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
    }
    if (journal.audit) await this.fs.writeAtSynced(this.path(AUDIT_FILE), journal.audit.offset, journal.audit.text, FILE_MODE);
    await this.fs.fsyncDir(this.dir);
    await this.fs.unlink(file);
    await this.fs.fsyncDir(this.dir);
  }

  /** Temp files left by a process killed before its journal was committed belong to nobody. */
  private async removeStaleTemps(): Promise<void> {
    for (const name of await this.fs.readdir(this.dir)) {
      if (name.endsWith('.tmp')) await this.fs.unlink(this.path(name)).catch(() => undefined);
    }
  }

  private async readAuditText(): Promise<string> {
    try {
      return (await this.fs.readFile(this.path(AUDIT_FILE))).toString('utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return '';
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
        throw new StoreError('store_invalid', `${file}: line ${i + 1}: not valid JSON`);
      }
      entries.push(validateWith(auditSchema, parsed, `${file}: line ${i + 1}`));
    }
    return entries;
  }

  private async migrateFrom(version: number, rawMeta: Record<string, unknown>, target: number): Promise<void> {
    const migrations = this.options.migrations ?? MIGRATIONS;
    const present = await this.fs.readdir(this.dir);
    const raw: RawStore = { meta: rawMeta, collections: {} };
    const originals: Array<[string, Buffer]> = [[META_FILE, await this.fs.readFile(this.path(META_FILE))]];
    for (const name of present) {
      if (!name.endsWith('.json') || name === META_FILE || name === JOURNAL_FILE || name === 'lock-owner.json') continue;
      const bytes = await this.fs.readFile(this.path(name));
      originals.push([name, bytes]);
      raw.collections[name.replace(/\.json$/, '')] = decodeJson(this.path(name), bytes);
    }
    if (present.includes(AUDIT_FILE)) originals.push([AUDIT_FILE, await this.fs.readFile(this.path(AUDIT_FILE))]);

    // The backup is byte-identical and complete before anything is changed.
    const stamp = this.options.now.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
    const backupRoot = this.path(BACKUP_DIR);
    await this.fs.mkdir(backupRoot, DIR_MODE).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'EEXIST') throw err;
    });
    const backupDir = join(backupRoot, `schema-v${version}-${stamp}-${process.pid}`);
    await this.fs.mkdir(backupDir, DIR_MODE);
    for (const [name, bytes] of originals) await this.fs.createSynced(join(backupDir, name), bytes, FILE_MODE);
    await this.fs.fsyncDir(backupDir);

    let next: RawStore;
    try {
      next = migrate(raw, version, migrations, target);
    } catch (err) {
      throw new StoreError('store_invalid', `could not migrate the store from schemaVersion ${version}: ${(err as Error).message}`);
    }
    const meta = validateWith(metaSchema, next.meta, this.path(META_FILE));
    const dbs: Array<Low<unknown>> = [];
    const metaDb = new Low<Meta>(new MetaFile(this.fs, this.path(META_FILE), this.stager), { ...meta, digests: {} });
    for (const name of COLLECTION_NAMES) {
      const records = validateCollection(name, next.collections[name] ?? [], this.path(collectionFile(name)));
      dbs.push(new Low<unknown[]>(new CollectionFile(this.fs, this.path(collectionFile(name)), name, this.stager, undefined), records) as Low<unknown>);
    }
    await this.commit(dbs, metaDb, [{ summary: `migrated the store from schemaVersion ${version} to ${target} (backup in ${backupDir})` }]);
    this.options.warn?.(`migrated the store from schemaVersion ${version} to ${target}; the old files are in ${backupDir}`);
  }
}

function snapshotOf<K extends CollectionName>(loaded: Loaded<K>): Snapshot<K> {
  const snapshot: Record<string, unknown> = {};
  for (const [key, db] of Object.entries(loaded)) snapshot[key] = (db as Low<unknown>).data;
  return snapshot as Snapshot<K>;
}

function ioError(what: string, err: unknown): StoreError {
  if (err instanceof StoreError) return err;
  const e = err as NodeJS.ErrnoException;
  return new StoreError('store_io', `${what}: ${e.code ?? ''}${e.code ? ' ' : ''}${e.message.replace(/^[A-Z]+: /, '')}`);
}

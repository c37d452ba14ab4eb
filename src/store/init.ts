// Creating a new store: a 0700 directory with every file of the current schema, written durably under the lock.
import { join } from 'node:path';
import { RuleError } from '../core/errors.js';
import type { Settings } from '../core/settings.js';
import { t } from '../i18n/index.js';
import type { StoreFs } from './fs.js';
import { acquireLock } from './lock.js';
import { AUDIT_FILE, DIR_MODE, FILE_MODE, META_FILE, collectionFile } from './file-store.js';
import { CURRENT_SCHEMA_VERSION } from './migrations.js';
import { DERIVED } from './derived.js';
import { isSplit } from './partitions.js';
import { INDEXED, indexFile, serializeIndex } from './indexes.js';
import { COLLECTION_NAMES } from './schema.js';
import type { Meta } from './schema.js';
import { digestOf, durableWrite, serializeCollection, serializeMeta } from './validated-json-file.js';
import { emptyCounters } from '../core/ids.js';

export interface InitOptions {
  fs: StoreFs;
  settings: Settings;
  now: Date;
  actor: string;
  command: string;
}

const alreadyAStore = (dir: string) => new RuleError(t('store.isAlreadyAClub', { dir }), t('store.useItAsIt'));

/** Whether `dir` already holds a store (its store.json is written last, so a half-made one does not count). */
export async function holdsStore(dir: string, fs: StoreFs): Promise<boolean> {
  return fs.stat(join(dir, META_FILE)).then(
    () => true,
    () => false,
  );
}

/**
 * Makes the folder a new store is written into (init, restore): a new 0700 folder, or one that exists and is empty,
 * whose mode is left as its owner set it. A folder holding anything (a store: `already`) is refused before anything
 * is written: its files are not ours to replace, nor its mode (a 1777 /tmp-like folder) ours to change.
 */
export async function newStoreDir(dir: string, fs: StoreFs, command: string, already: () => Error): Promise<void> {
  const created = await fs.mkdir(dir, DIR_MODE).then(
    () => true,
    (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EEXIST') throw err;
      return false;
    },
  );
  // mkdir's mode is filtered by the umask; a store made here must be 0700 whatever the umask.
  if (created) return fs.chmod(dir, DIR_MODE);
  if (await holdsStore(dir, fs)) throw already();
  if ((await fs.readdir(dir)).length > 0) throw new RuleError(t('store.notEmpty', { dir, command }), t('store.notEmptyHint'));
}

export async function initStore(dir: string, options: InitOptions): Promise<Meta> {
  const { fs } = options;
  await newStoreDir(dir, fs, 'club init', () => alreadyAStore(dir));
  const lock = await acquireLock(dir, { waitMs: 10_000, command: options.command, actor: options.actor });
  try {
    if (await holdsStore(dir, fs)) throw alreadyAStore(dir);
    const empty = serializeCollection([]);
    const emptyDigest = await digestOf(empty);
    // Attendance and the ledger, and the blocks of members and sessions, have no file until their first record
    // (partitions.ts).
    const files = COLLECTION_NAMES.filter((name) => !isSplit(name)).map(collectionFile);
    for (const file of files) await durableWrite(fs, join(dir, file), empty, FILE_MODE);
    const derived: Record<string, string> = {};
    for (const index of DERIVED) {
      // A value kept in member blocks has none until its first entry.
      if (index.blocked) continue;
      const text = index.serialize(index.build([]));
      await durableWrite(fs, join(dir, index.file), text, FILE_MODE);
      derived[index.file] = await digestOf(text);
    }
    // Each collection kept in several files has an index of them (indexes.ts), empty until its first file.
    const indexes: Record<string, string> = {};
    for (const name of INDEXED) {
      const text = serializeIndex({});
      await durableWrite(fs, join(dir, indexFile(name)), text, FILE_MODE);
      indexes[indexFile(name)] = await digestOf(text);
    }
    const entry = {
      at: options.now.toISOString(),
      actor: options.actor,
      command: options.command,
      summary: 'created the store',
      refs: [],
    };
    await fs.writeAtSynced(join(dir, AUDIT_FILE), 0, `${JSON.stringify(entry)}\n`, FILE_MODE);
    const meta: Meta = {
      format: 'clubadmin',
      schemaVersion: CURRENT_SCHEMA_VERSION,
      createdAt: options.now.toISOString(),
      settings: options.settings,
      counters: emptyCounters(),
      digests: { ...Object.fromEntries(files.map((file) => [file, emptyDigest])), ...derived, ...indexes },
    };
    // store.json last: a directory without it is not yet a store, so an interrupted init can simply be re-run.
    await durableWrite(fs, join(dir, META_FILE), serializeMeta(meta), FILE_MODE);
    return meta;
  } finally {
    await lock.release();
  }
}

// Restoring a `club backup` file into a new store directory: every file written durably, store.json last (a folder
// without it is not a store yet), then the whole store validated (and migrated if the backup is older).
import { join } from 'node:path';
import { RuleError, StoreError, UsageError } from '../core/errors.js';
import type { StoreFs } from './fs.js';
import type { BackupBundle } from './bundle.js';
import { receiptsOf, recordsOf } from './bundle.js';
import { ensureDir } from './fs.js';
import { FolderTemplates } from './templates.js';
import { AUDIT_FILE, DIR_MODE, FILE_MODE, FileStore, META_FILE, RECEIPT_DIR, isStoreFile } from './file-store.js';
import { holdsStore, newStoreDir } from './init.js';
import { t } from '../i18n/index.js';
import { acquireLock } from './lock.js';
import { DERIVED, derivedOfFile } from './derived.js';
import type { StoreCounts } from './types.js';
import { durableWrite, serializeCollection } from './validated-json-file.js';

/** A backup file's text as a bundle, its shape and file names checked before anything is written anywhere. */
export function parseBundle(bundleText: string): BackupBundle {
  let bundle: BackupBundle;
  try {
    bundle = JSON.parse(bundleText) as BackupBundle;
  } catch (err) {
    throw new UsageError(t('store.notAClubBackup', { value: (err as Error).message }));
  }
  if (bundle?.format !== 'clubadmin-backup' || typeof bundle.files !== 'object' || bundle.files === null || typeof bundle.files[META_FILE] !== 'object') {
    throw new UsageError(t('store.notAClubBackup2'));
  }
  // Only the store's own data files (no journal, lock, path or other name).
  for (const name of Object.keys(bundle.files)) {
    if (!isStoreFile(name)) throw new UsageError(t('store.backupName', { name: JSON.stringify(name) }));
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

export async function restoreStore(dir: string, bundleText: string, options: RestoreOptions): Promise<{ counts: StoreCounts; createdAt: string }> {
  const bundle = parseBundle(bundleText);
  return restoreBundle(dir, bundle, { ...options, summary: `restored from a backup made ${bundle.createdAt}`, name: 'club restore' });
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
  const { fs } = options;
  const already = () => new RuleError(t('store.alreadyHoldsAClub2', { dir }), options.name === 'club restore' ? 'restore into a new folder: club restore FILE --store NEW_DIR' : t('pgcopy.holdsStore.hint'));
  await newStoreDir(dir, fs, options.name, already);
  const lock = await acquireLock(dir, { waitMs: 10_000, command: options.command, actor: options.actor });
  try {
    if (await holdsStore(dir, fs)) throw already();
    for (const [name, content] of Object.entries(bundle.files)) {
      if (name === META_FILE) continue;
      // A block, or a whole derived file of an older layout (roster.json before schemaVersion 9: migrated below).
      const index = derivedOfFile(name) ?? DERIVED.find((d) => d.file === name);
      if (index) {
        await durableWrite(fs, join(dir, name), index.serialize(index.parse(content, `the backup's ${name}`)), FILE_MODE);
        continue;
      }
      if (!Array.isArray(content)) throw new StoreError('store_invalid', t('store.theBackupSIs', { name }));
      await durableWrite(fs, join(dir, name), serializeCollection(content), FILE_MODE);
    }
    const receipts = receiptsOf(bundle, recordsOf(bundle).collections.expenses);
    if (receipts.length) {
      await ensureDir(fs, join(dir, RECEIPT_DIR), DIR_MODE);
      for (const r of receipts) await durableWrite(fs, join(dir, RECEIPT_DIR, r.sha256), Buffer.from(r.bytes), FILE_MODE);
    }
    const templates = new FolderTemplates(fs, dir, FILE_MODE, DIR_MODE);
    for (const [name, text] of Object.entries(bundle.templates ?? {})) await templates.write(name, text);
    const entry = { at: options.now.toISOString(), actor: options.actor, command: options.command, summary: options.summary, refs: [] };
    await fs.writeAtSynced(join(dir, AUDIT_FILE), 0, `${typeof bundle.audit === 'string' ? bundle.audit : ''}${JSON.stringify(entry)}\n`, FILE_MODE);
    // The digests describe the original files; the first read validates every record instead. The partitions stay:
    // they list the partition files just written, with their spans (club check below verifies them).
    const { digests: _digests, ...meta } = bundle.files[META_FILE] as Record<string, unknown>;
    void _digests;
    await durableWrite(fs, join(dir, META_FILE), `${JSON.stringify(meta, null, 2)}\n`, FILE_MODE);
  } finally {
    await lock.release();
  }
  const store = new FileStore(dir, { fs, actor: options.actor, command: options.command, now: options.now });
  return { counts: await store.check(), createdAt: bundle.createdAt };
}

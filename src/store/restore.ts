// Restoring a `club backup` file into a new store directory: every file written durably, store.json last (a folder
// without it is not a store yet), then the whole store validated (and migrated if the backup is older).
import { join } from 'node:path';
import { RuleError, StoreError, UsageError } from '../core/errors.js';
import type { StoreFs } from './fs.js';
import { AUDIT_FILE, FILE_MODE, FileStore, META_FILE, isStoreFile } from './file-store.js';
import { holdsStore, newStoreDir } from './init.js';
import { t } from '../i18n/index.js';
import { acquireLock } from './lock.js';
import { DERIVED } from './derived.js';
import type { StoreCounts } from './types.js';
import { durableWrite, serializeCollection } from './validated-json-file.js';

interface Bundle {
  format: string;
  schemaVersion: number;
  createdAt: string;
  files: Record<string, unknown>;
  audit: string;
}

export async function restoreStore(dir: string, bundleText: string, options: { fs: StoreFs; now: Date; actor: string; command: string }): Promise<{ counts: StoreCounts; createdAt: string }> {
  let bundle: Bundle;
  try {
    bundle = JSON.parse(bundleText) as Bundle;
  } catch (err) {
    throw new UsageError(`not a club backup: ${(err as Error).message}`);
  }
  if (bundle?.format !== 'clubadmin-backup' || typeof bundle.files !== 'object' || bundle.files === null || typeof bundle.files[META_FILE] !== 'object') {
    throw new UsageError('not a club backup (expected a file written by club backup)');
  }
  // Only the store's own data files (no journal, lock, path or other name), checked before anything is written.
  for (const name of Object.keys(bundle.files)) {
    if (!isStoreFile(name)) throw new UsageError(t('store.backupName', { name: JSON.stringify(name) }));
  }
  const { fs } = options;
  const already = () => new RuleError(`${dir} already holds a club store`, 'restore into a new folder: club restore FILE --store NEW_DIR');
  await newStoreDir(dir, fs, 'club restore', already);
  const lock = await acquireLock(dir, { waitMs: 10_000, command: options.command, actor: options.actor });
  try {
    if (await holdsStore(dir, fs)) throw already();
    for (const [name, content] of Object.entries(bundle.files)) {
      if (name === META_FILE) continue;
      const index = DERIVED.find((d) => d.file === name);
      if (index) {
        await durableWrite(fs, join(dir, name), index.serialize(index.parse(content, `the backup's ${name}`)), FILE_MODE);
        continue;
      }
      if (!Array.isArray(content)) throw new StoreError('store_invalid', `the backup's ${name} is not a list of records`);
      await durableWrite(fs, join(dir, name), serializeCollection(content), FILE_MODE);
    }
    const entry = { at: options.now.toISOString(), actor: options.actor, command: options.command, summary: `restored from a backup made ${bundle.createdAt}`, refs: [] };
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

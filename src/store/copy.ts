// `club store copy --to DIR|URL`: this store (a folder or a database) into a new one, through the same bundle a
// backup holds, then the copy validated and its record counts, collection by collection, and its audit log's length
// compared with the source's.
import { resolve } from 'node:path';
import { StoreError } from '../core/errors.js';
import { t } from '../i18n/index.js';
import { recordsOf } from './bundle.js';
import type { StoreFs } from './fs.js';
import { openStore } from './open.js';
import { isDatabaseUrl } from './pg/link.js';
import { restoreBundle } from './restore.js';
import { COLLECTION_NAMES } from './schema.js';
import type { CollectionName } from './schema.js';
import type { Store } from './types.js';

export interface CopyOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  fs: StoreFs;
  actor: string;
  command: string;
  now: Date;
  warn: (message: string) => void;
}

/** Records per collection, and the audit log's entries copied (the copy has one more: where it came from). */
export type CopyCounts = Record<CollectionName | 'audit', number>;

export async function copyStore(source: Store, to: string, options: CopyOptions): Promise<{ from: string; to: string; counts: CopyCounts }> {
  const bundle = await source.bundle();
  const summary = `copied from ${source.location}`;
  if (isDatabaseUrl(to)) {
    const { connect, warnPasswordOnCommandLine } = await import('./pg/connect.js');
    const { fromPgError } = await import('./pg/errors.js');
    const { restoreDatabase } = await import('./pg/restore.js');
    warnPasswordOnCommandLine(to, options.warn);
    const { client, host } = await connect(to, options.env);
    try {
      await restoreDatabase(client, bundle, { now: options.now, command: options.command, summary });
    } catch (err) {
      throw fromPgError(err, host);
    } finally {
      await client.end().catch(() => undefined);
    }
  } else {
    await restoreBundle(resolve(options.cwd, to), bundle, { fs: options.fs, now: options.now, actor: options.actor, command: options.command, summary, name: 'club store copy' });
  }

  const { collections } = recordsOf(bundle);
  const counts = Object.fromEntries(COLLECTION_NAMES.map((name) => [name, (collections[name] as unknown[]).length])) as CopyCounts;
  counts.audit = bundle.audit.split('\n').filter((line) => line.trim() !== '').length;
  // The copy, opened as any command opens a store, validated and counted (a password in --to was warned about once).
  const target = await openStore({ flag: to, env: options.env, cwd: options.cwd, fs: options.fs, actor: options.actor, command: options.command, now: options.now, warn: isDatabaseUrl(to) ? () => undefined : options.warn });
  try {
    await target.check();
    const copied = await target.read(COLLECTION_NAMES);
    const got: CopyCounts = { ...(Object.fromEntries(COLLECTION_NAMES.map((name) => [name, (copied[name] as unknown[]).length])) as CopyCounts), audit: (await target.readAudit()).length - 1 };
    compareCounts(counts, got, target.location);
    return { from: source.location, to: target.location, counts };
  } finally {
    await target.close();
  }
}

/** Exit 3 naming the first collection (or the audit log) whose count in the copy differs from the original's. */
export function compareCounts(original: CopyCounts, copy: CopyCounts, where: string): void {
  for (const name of [...COLLECTION_NAMES, 'audit'] as const) {
    if (copy[name] !== original[name]) throw new StoreError('store_invalid', t('pgcopy.mismatch', { name, from: original[name], to: copy[name], where }), t('pgcopy.mismatch.hint'));
  }
}

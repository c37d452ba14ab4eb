// `club store copy --to DIR|URL`: this store (a folder or a database) into a new one, through the same bundle a
// backup holds, then the copy validated and its record counts, collection by collection, and its audit log's length
// compared with the source's.
import { resolve } from 'node:path';
import { StoreError } from '../core/errors.js';
import { t } from '../i18n/index.js';
import type { BundleSink } from './backup-stream.js';
import type { StoreFs } from './fs.js';
import { openStore } from './open.js';
import { isDatabaseUrl } from './pg/link.js';
import { restoreInto } from './restore.js';
import { COLLECTION_NAMES } from './schema.js';
import type { EveryCount, Store } from './types.js';

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
export type CopyCounts = EveryCount;

export async function copyStore(source: Store, to: string, options: CopyOptions): Promise<{ from: string; to: string; counts: CopyCounts }> {
  const summary = `copied from ${source.location}`;
  const { countedSink, emptyCounts } = await import('./backup-stream.js');
  // Counted as the records go by: the copy holds no more of the club than a batch of records at a time.
  const counts = emptyCounts();
  const feed = (sink: BundleSink) => source.writeBackup(countedSink(sink, counts));
  // What the copy holds, counted by the check that validates it: a folder's as its restore ends (restoreInto), a
  // database's below. (A second pass of each over a folder of 50,000 members took 15 s and, with the collector's
  // garbage of the first, over 250 MiB.)
  const copied: { counts?: EveryCount } = {};
  const counted = (every: EveryCount) => {
    copied.counts = every;
  };
  if (isDatabaseUrl(to)) {
    const { connect, warnPasswordOnCommandLine } = await import('./pg/connect.js');
    const { fromPgError } = await import('./pg/errors.js');
    const { restoreDatabaseFrom } = await import('./pg/restore-sink.js');
    warnPasswordOnCommandLine(to, options.warn);
    const { client, host } = await connect(to, options.env);
    try {
      await restoreDatabaseFrom(client, { now: options.now, command: options.command, summary }, feed);
    } catch (err) {
      throw fromPgError(err, host);
    } finally {
      await client.end().catch(() => undefined);
    }
  } else {
    await restoreInto(resolve(options.cwd, to), { fs: options.fs, now: options.now, actor: options.actor, command: options.command, summary, name: 'club store copy' }, feed, counted);
  }

  // The copy, opened as any command opens a store (a password in --to was warned about once).
  const target = await openStore({ flag: to, env: options.env, cwd: options.cwd, fs: options.fs, actor: options.actor, command: options.command, now: options.now, warn: isDatabaseUrl(to) ? () => undefined : options.warn });
  try {
    if (!copied.counts) await target.check({ counted });
    if (!copied.counts) throw new Error('internal: the check of the copy counted nothing');
    compareCounts(counts, { ...copied.counts, audit: copied.counts.audit - 1 }, target.location);
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

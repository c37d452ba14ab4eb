import { resolve } from 'node:path';
import type { Context } from '../../io/context.js';
import { inputPath, readInput } from '../../io/files.js';
import type { Output } from '../../io/output.js';
import { t } from '../../i18n/index.js';
import type { BundleSink } from '../../store/backup-stream.js';
import type { BackupBundle } from '../../store/bundle.js';
import { STORE_DIR_NAME } from '../../store/locate.js';
import { openStore } from '../../store/open.js';
import { isDatabaseUrl } from '../../store/pg/link.js';
import type pg from 'pg';
import type { DbRestoreOptions } from '../../store/pg/restore.js';
import { checkBundle, parseBundle, restoreInto } from '../../store/restore.js';

/**
 * A backup in the layout `club backup` writes is read twice, a line at a time: once to check it all before anything
 * is written, once to write it. Any other (an older club's, `-`) is read whole and checked as before.
 */
export default async function restore(ctx: Context, [file]: unknown[]): Promise<Output> {
  const what = t('what.backupFile');
  const path = inputPath(ctx, String(file), what);
  const { outlineOf, replayBundle, replayFile } = await import('../../store/backup-stream.js');
  const outline = path === null ? null : await outlineOf(path);
  let bundle: BackupBundle | null = null;
  if (outline) checkBundle(outline.checked);
  else bundle = parseBundle((await readInput(ctx, String(file), what)).toString('utf8'));
  const createdAt = outline ? outline.head.createdAt : bundle!.createdAt;
  const feed = (sink: BundleSink) => (outline ? replayFile(path!, outline, sink) : replayBundle(bundle!, sink));
  const summary = `restored from a backup made ${createdAt}`;

  const explicit = ctx.storeFlag ?? (ctx.env.CLUB_STORE || undefined);
  if (explicit !== undefined && isDatabaseUrl(explicit)) {
    return restoreIntoDatabase(ctx, explicit, createdAt, async (client, options) => {
      if (bundle) {
        const { restoreDatabase } = await import('../../store/pg/restore.js');
        return restoreDatabase(client, bundle, options);
      }
      const { restoreDatabaseFrom } = await import('../../store/pg/restore-sink.js');
      return restoreDatabaseFrom(client, options, feed);
    }, summary);
  }
  const dir = resolve(ctx.cwd, explicit ?? STORE_DIR_NAME);
  const counts = await restoreInto(dir, { fs: ctx.fs, now: ctx.now, actor: ctx.actor, command: ctx.command, summary, name: 'club restore' }, feed);
  return { kind: 'done', data: { dir, backupCreatedAt: createdAt, counts }, message: t('store.restoredTheBackupOf', { createdAt, dir, members: counts.members, sessions: counts.sessions }) };
}

/** Into an empty database: the club made as `club init --store URL` makes it (by the database's owner), then filled. */
async function restoreIntoDatabase(
  ctx: Context,
  url: string,
  createdAt: string,
  fill: (client: pg.Client, options: DbRestoreOptions) => Promise<unknown>,
  summary: string,
): Promise<Output> {
  const { connect, displayLocation, warnPasswordOnCommandLine } = await import('../../store/pg/connect.js');
  const { fromPgError } = await import('../../store/pg/errors.js');
  if (ctx.storeFlag !== undefined) warnPasswordOnCommandLine(url, ctx.warn);
  const { client, host } = await connect(url, ctx.env);
  try {
    await fill(client, { now: ctx.now, command: ctx.command, summary });
  } catch (err) {
    throw fromPgError(err, host);
  } finally {
    await client.end().catch(() => undefined);
  }
  // Opened to be checked: the password in --store was warned about above.
  const store = await openStore({ flag: url, env: ctx.env, cwd: ctx.cwd, fs: ctx.fs, actor: ctx.actor, command: ctx.command, now: ctx.now, warn: () => undefined });
  try {
    const counts = await store.check();
    const location = displayLocation(url);
    return {
      kind: 'done',
      data: { store: location, backupCreatedAt: createdAt, counts },
      message: t('pgcopy.restored', { createdAt, where: location, members: counts.members, sessions: counts.sessions }),
    };
  } finally {
    await store.close();
  }
}

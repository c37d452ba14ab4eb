import { resolve } from 'node:path';
import type { Context } from '../../io/context.js';
import { inputPath, readInput } from '../../io/files.js';
import type { Output } from '../../io/output.js';
import { t } from '../../i18n/index.js';
import { STORE_DIR_NAME } from '../../store/locate.js';
import { openStore } from '../../store/open.js';
import { isDatabaseUrl } from '../../store/pg/link.js';
import type pg from 'pg';
import { openBackup, restoreInto } from '../../store/restore.js';
import type { OpenedBackup } from '../../store/restore.js';

export default async function restore(ctx: Context, [file]: unknown[]): Promise<Output> {
  const what = t('what.backupFile');
  // Checked whole before anything is written; read a line at a time when `club backup` wrote it.
  const backup = await openBackup(inputPath(ctx, String(file), what), () => readInput(ctx, String(file), what));
  const { createdAt } = backup;
  const summary = `restored from a backup made ${createdAt}`;
  const explicit = ctx.storeFlag ?? (ctx.env.CLUB_STORE || undefined);
  if (explicit !== undefined && isDatabaseUrl(explicit)) return restoreIntoDatabase(ctx, explicit, createdAt, (client, options) => backup.intoDatabase(client, options), summary);
  const dir = resolve(ctx.cwd, explicit ?? STORE_DIR_NAME);
  const counts = await restoreInto(dir, { fs: ctx.fs, now: ctx.now, actor: ctx.actor, command: ctx.command, summary, name: 'club restore' }, (sink) => backup.into(sink));
  return { kind: 'done', data: { dir, backupCreatedAt: createdAt, counts }, message: t('store.restoredTheBackupOf', { createdAt, dir, members: counts.members, sessions: counts.sessions }) };
}

/** Into an empty database: the club made as `club init --store URL` makes it (by the database's owner), then filled. */
async function restoreIntoDatabase(
  ctx: Context,
  url: string,
  createdAt: string,
  fill: (client: pg.Client, options: Parameters<OpenedBackup['intoDatabase']>[1]) => Promise<unknown>,
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

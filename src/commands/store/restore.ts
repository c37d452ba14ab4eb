import { resolve } from 'node:path';
import type { Context } from '../../io/context.js';
import { readInput } from '../../io/files.js';
import type { Output } from '../../io/output.js';
import { t } from '../../i18n/index.js';
import { STORE_DIR_NAME } from '../../store/locate.js';
import { openStore } from '../../store/open.js';
import { isDatabaseUrl } from '../../store/pg/link.js';
import { parseBundle, restoreStore } from '../../store/restore.js';

export default async function restore(ctx: Context, [file]: unknown[]): Promise<Output> {
  const text = (await readInput(ctx, String(file), t('what.backupFile'))).toString('utf8');
  const explicit = ctx.storeFlag ?? (ctx.env.CLUB_STORE || undefined);
  if (explicit !== undefined && isDatabaseUrl(explicit)) return restoreIntoDatabase(ctx, explicit, text);
  const dir = resolve(ctx.cwd, explicit ?? STORE_DIR_NAME);
  const r = await restoreStore(dir, text, { fs: ctx.fs, now: ctx.now, actor: ctx.actor, command: ctx.command });
  return { kind: 'done', data: { dir, backupCreatedAt: r.createdAt, counts: r.counts }, message: t('store.restoredTheBackupOf', { createdAt: r.createdAt, dir, members: r.counts.members, sessions: r.counts.sessions }) };
}

/** Into an empty database: the club made as `club init --store URL` makes it (by the database's owner), then filled. */
async function restoreIntoDatabase(ctx: Context, url: string, text: string): Promise<Output> {
  const bundle = parseBundle(text);
  const { connect, displayLocation, warnPasswordOnCommandLine } = await import('../../store/pg/connect.js');
  const { fromPgError } = await import('../../store/pg/errors.js');
  const { restoreDatabase } = await import('../../store/pg/restore.js');
  if (ctx.storeFlag !== undefined) warnPasswordOnCommandLine(url, ctx.warn);
  const { client, host } = await connect(url, ctx.env);
  try {
    await restoreDatabase(client, bundle, { now: ctx.now, command: ctx.command, summary: `restored from a backup made ${bundle.createdAt}` });
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
      data: { store: location, backupCreatedAt: bundle.createdAt, counts },
      message: t('pgcopy.restored', { createdAt: bundle.createdAt, where: location, members: counts.members, sessions: counts.sessions }),
    };
  } finally {
    await store.close();
  }
}

// club init --store postgres://…: the club in a database (SPEC §8, §14), and with --link a .club/ here that points
// at it (never a password), so that plain club commands in this folder use the database.
import { resolve } from 'node:path';
import { RuleError } from '../../core/errors.js';
import type { Settings } from '../../core/settings.js';
import { t } from '../../i18n/index.js';
import type { Context } from '../../io/context.js';
import type { Output } from '../../io/output.js';
import { STORE_DIR_NAME } from '../../store/locate.js';
import { connect, connectionConfig, displayLocation, hostOf, warnPasswordOnCommandLine } from '../../store/pg/connect.js';
import { fromPgError } from '../../store/pg/errors.js';
import { holdsClub, initDatabase } from '../../store/pg/init.js';
import { writeLinkFolder } from '../../store/pg/link.js';

export async function initDatabaseStore(ctx: Context, url: string, settings: Settings, opts: { owner?: string; link?: boolean }): Promise<Output> {
  const location = displayLocation(url);
  if (ctx.storeFlag !== undefined) warnPasswordOnCommandLine(url, ctx.warn);
  const host = hostOf(connectionConfig(url, ctx.env, undefined, ctx.warn));
  const linkDir = resolve(ctx.cwd, STORE_DIR_NAME);
  // The link folder must be new: refused before the database is touched, not after.
  if (opts.link && (await ctx.fs.readdir(linkDir).catch(() => [])).length > 0) throw new RuleError(t('pg.link.exists', { dir: linkDir }), t('pg.link.existsHint'));
  let client;
  try {
    client = (await connect(url, ctx.env)).client;
  } catch (err) {
    throw fromPgError(err, host);
  }
  try {
    // A database that already holds a club: --link only writes the folder and changes nothing in the database.
    if (opts.link && (await holdsClub(client))) {
      // The link keeps the club's language (for help and usage errors), not this machine's.
      const row = (await client.query<{ lang: string }>(`SELECT value #>> '{}' AS lang FROM club.settings WHERE key = 'lang'`)).rows[0];
      const lang = row?.lang === 'zh' || row?.lang === 'en' ? row.lang : settings.lang;
      await writeLinkFolder(linkDir, displayLocation(url), lang, ctx.fs);
      return { kind: 'done', data: { kind: 'postgres', location, link: linkDir }, message: t('pgs.linked', { location, dir: linkDir }) };
    }
    const made = await initDatabase(client, { settings, now: ctx.now, owner: opts.owner, command: ctx.command });
    if (opts.link) await writeLinkFolder(linkDir, displayLocation(url), settings.lang, ctx.fs);
    return {
      kind: 'done',
      data: { kind: 'postgres', location, db: made.db, owner: made.owner, settings, ...(opts.link ? { link: linkDir } : {}) },
      message: `${t('pgs.initDone', { name: settings.name, location, owner: made.owner, db: made.db })}${opts.link ? `\n${t('pgs.linked', { location, dir: linkDir })}` : ''}`,
    };
  } catch (err) {
    throw fromPgError(err, host);
  } finally {
    await client.end().catch(() => undefined);
  }
}

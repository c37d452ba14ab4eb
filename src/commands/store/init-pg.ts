// club init --store postgres://…: the club in a database (SPEC §8, §14).
import type { Settings } from '../../core/settings.js';
import { t } from '../../i18n/index.js';
import type { Context } from '../../io/context.js';
import type { Output } from '../../io/output.js';
import { fromPgError } from '../../store/pg/errors.js';
import { initDatabase } from '../../store/pg/init.js';
import { connectPg, displayUrl, hostOf } from '../../store/pg/open.js';

export async function initDatabaseStore(ctx: Context, url: string, settings: Settings, opts: { owner?: string; link?: boolean }): Promise<Output> {
  const location = displayUrl(url);
  let client;
  try {
    client = await connectPg(url);
  } catch (err) {
    throw fromPgError(err, hostOf(url));
  }
  try {
    const made = await initDatabase(client, { settings, now: ctx.now, owner: opts.owner, command: ctx.command });
    return {
      kind: 'done',
      data: { kind: 'postgres', location, db: made.db, owner: made.owner, settings },
      message: t('pgs.initDone', { name: settings.name, location, owner: made.owner, db: made.db }),
    };
  } catch (err) {
    throw fromPgError(err, hostOf(url));
  } finally {
    await client.end().catch(() => undefined);
  }
}

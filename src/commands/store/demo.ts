import { join, relative, resolve } from 'node:path';
import { buildDemoClub } from '../../core/demo.js';
import { RuleError } from '../../core/errors.js';
import { defaultSettings } from '../../core/settings.js';
import type { Context } from '../../io/context.js';
import type { Output } from '../../io/output.js';
import { holdsStore, initStore } from '../../store/init.js';
import { STORE_DIR_NAME } from '../../store/locate.js';
import { storeAt } from '../../store/open.js';
import { COLLECTION_NAMES } from '../../store/schema.js';
import { t } from '../../i18n/index.js';

export default async function demo(ctx: Context, [dirArg]: unknown[]): Promise<Output> {
  const dir = resolve(ctx.cwd, typeof dirArg === 'string' ? dirArg : 'club-demo');
  const storeDir = join(dir, STORE_DIR_NAME);
  if (await holdsStore(storeDir, ctx.fs)) throw new RuleError(t('store.alreadyHoldsAClub', { dir }), t('store.removeItOrGive'));
  await ctx.fs.mkdir(dir, 0o755).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'EEXIST') throw err;
  });
  const settings = defaultSettings({ name: '周二读书会（示例）', lang: 'zh', timezone: 'Asia/Shanghai', weekStart: 'monday' });
  await initStore(storeDir, { fs: ctx.fs, settings, now: ctx.now, actor: ctx.actor, command: ctx.command });
  const club = buildDemoClub(ctx.now, settings);
  const store = storeAt(storeDir, { fs: ctx.fs, actor: ctx.actor, command: ctx.command, now: ctx.now });
  const counts = await store.update(COLLECTION_NAMES, (draft) => {
    const { counters, ...collections } = club;
    Object.assign(draft, collections);
    draft.meta = { ...draft.meta, counters };
    return {
      result: Object.fromEntries(COLLECTION_NAMES.map((name) => [name, collections[name].length])),
      audit: { summary: `filled the demo club: ${club.members.length} members, ${club.sessions.length} sessions, ${club.attendance.length} check-ins` },
    };
  });
  const cd = relative(ctx.cwd, dir) || '.';
  const message = t('store.aDemoClubWith', { dir, cd });
  return { kind: 'done', data: { dir, counts }, message };
}

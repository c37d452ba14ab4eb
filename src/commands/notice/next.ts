import { UsageError } from '../../core/errors.js';
import { buildNotice } from '../../core/messages/notice.js';
import { noticeView } from '../../core/messages/view.js';
import type { Context } from '../../io/context.js';
import type { Output } from '../../io/output.js';
import { t } from '../../i18n/index.js';
import { chatEnv, chatMessage } from './chat.js';
import type { ChatOpts } from './chat.js';

export default async function noticeNext(ctx: Context, _args: unknown[], opts: ChatOpts & { days?: string }): Promise<Output | void> {
  const raw = opts.days ?? '7';
  const days = /^\d{1,3}$/.test(raw.trim()) ? Number(raw.trim()) : NaN;
  if (!(days >= 1 && days <= 366)) throw new UsageError(t('chat.badDays', { value: JSON.stringify(raw) }));
  const store = await ctx.openStore();
  const { meta, sessions, members, activities, registrations } = await store.read(['sessions', 'members', 'activities', 'registrations']);
  const { env, wording } = chatEnv(ctx, meta, opts);
  const notice = buildNotice({ sessions, members, activities, registrations }, env, days);
  const empty = notice.sessions.length === 0 ? t('chat.noSessions', { days }) : null;
  return chatMessage(ctx, store, 'notice', notice, () => noticeView(notice, wording), { ...opts, empty, wording });
}

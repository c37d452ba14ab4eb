import { remindReading } from '../../core/messages/remind.js';
import type { Context } from '../../io/context.js';
import type { Output } from '../../io/output.js';
import { t } from '../../i18n/index.js';
import { chatEnv } from '../notice/chat.js';
import type { ChatOpts } from '../notice/chat.js';
import { remindMessage } from './shared.js';

export default async function remindReadingCommand(ctx: Context, _args: unknown[], opts: ChatOpts): Promise<Output | void> {
  const store = await ctx.openStore();
  const { meta, readingTasks, books, members } = await store.read(['readingTasks', 'books', 'members']);
  const { env, wording } = chatEnv(ctx, meta, opts);
  const reminder = remindReading(readingTasks, books, members, env);
  return remindMessage(ctx, store, reminder, meta.settings.name, wording, opts, t('remind.noneReading'));
}

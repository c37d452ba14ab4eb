import { traitsOf } from '../../core/activities/audience.js';
import { remindRegistration } from '../../core/messages/remind.js';
import { findSession } from '../../core/sessions/sessions.js';
import type { Context } from '../../io/context.js';
import type { Output } from '../../io/output.js';
import { t } from '../../i18n/index.js';
import { chatEnv } from '../notice/chat.js';
import type { ChatOpts } from '../notice/chat.js';
import { remindMessage } from './shared.js';

export default async function remindRegistrationCommand(ctx: Context, [ref]: unknown[], opts: ChatOpts): Promise<Output | void> {
  const store = await ctx.openStore();
  // Every balance: a plan's minPoints rule reads them, as `register` does.
  const { meta, sessions, members, activities, registrations, balances } = await store.read(['sessions', 'members', 'activities', 'registrations'], { balances: true });
  const { env, wording } = chatEnv(ctx, meta, opts);
  const session = findSession(sessions, String(ref));
  const state = { registrations, activities, members, balances: balances ?? new Map<string, number>() };
  const reminder = remindRegistration(session, state, { activities, registrations, traits: traitsOf(members) }, env);
  return remindMessage(ctx, store, reminder, meta.settings.name, wording, opts, t('remind.noneRegistration', { session: session.id, title: session.title }));
}

import { traitsOf } from '../../core/activities/audience.js';
import { findSession } from '../../core/sessions/sessions.js';
import { lastHeldSession, remindAbsent } from '../../core/messages/remind.js';
import type { Context } from '../../io/context.js';
import type { Output } from '../../io/output.js';
import { t } from '../../i18n/index.js';
import { chatEnv } from '../notice/chat.js';
import type { ChatOpts } from '../notice/chat.js';
import { remindMessage } from './shared.js';

export default async function remindAbsentCommand(ctx: Context, [ref]: unknown[], opts: ChatOpts): Promise<Output | void> {
  const store = await ctx.openStore();
  // The session first (by id, or the last held), then only its attendance.
  const snapshot = await store.read(['sessions', 'members', 'attendance', 'activities', 'registrations'], ({ sessions }) => {
    const session = ref === undefined ? lastHeldSession(sessions, ctx.now) : findSession(sessions, String(ref));
    return { attendance: { sessions: session ? [session.id] : [] } };
  });
  const { meta, sessions, members, attendance, activities, registrations } = snapshot;
  const { env, wording } = chatEnv(ctx, meta, opts);
  const session = ref === undefined ? lastHeldSession(sessions, ctx.now) : findSession(sessions, String(ref));
  if (!session) {
    if (opts.json) return { kind: 'text', text: '', data: { kind: 'absent', sessionId: null, session: null, members: [] } };
    ctx.err(`${t('remind.noHeld')}\n`);
    return;
  }
  const reminder = remindAbsent(session, members, attendance, { activities, registrations, traits: traitsOf(members) }, env);
  return remindMessage(ctx, store, reminder, meta.settings.name, wording, opts, t('remind.noneAbsent', { session: session.id, title: session.title }));
}

import { actorKey } from '../../core/activities/actor.js';
import { addHours, parseHours } from '../../core/activities/hours.js';
import type { Context } from '../../io/context.js';
import type { Output } from '../../io/output.js';
import { t } from '../../i18n/index.js';
import { coreEnv } from '../member/shared.js';

export default async function hoursAdd(ctx: Context, [member]: unknown[], opts: { session: string; hours: string; duty?: string }): Promise<Output> {
  const store = await ctx.openStore();
  // Checked once the store is open: the message is in the club's language.
  const hundredths = parseHours(opts.hours);
  const r = await store.update(['hours', 'staff', 'members', 'sessions'], (draft) => {
    const by = actorKey(draft.members, ctx.actor, ctx.login ?? null);
    const r = addHours({ ...draft, counters: draft.meta.counters }, { member: String(member), session: opts.session, hundredths, duty: opts.duty, by }, coreEnv(ctx, draft.meta));
    draft.hours = r.hours;
    if (r.counters !== draft.meta.counters) draft.meta = { ...draft.meta, counters: r.counters };
    const name = draft.members.find((m) => m.id === r.entry.memberId)!.name;
    const title = draft.sessions.find((s) => s.id === r.entry.sessionId)!.title;
    // Ids and numbers only: the duty is free text.
    const summary = `${r.replaced ? 'replaced' : 'added'} hours ${r.entry.id}: ${r.entry.hours} h for ${r.entry.memberId} at ${r.entry.sessionId}`;
    return { result: { ...r, name, title }, audit: { summary, refs: [r.entry.id, r.entry.memberId, r.entry.sessionId] } };
  });
  const params = { id: r.entry.id, name: r.name, member: r.entry.memberId, session: r.entry.sessionId, title: r.title, hours: r.entry.hours, was: r.replaced?.hours ?? '' };
  return { kind: 'done', data: r.entry, message: t(r.replaced ? 'hours.replaced' : 'hours.added', params) };
}

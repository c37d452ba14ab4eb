import { actorKey } from '../../core/activities/actor.js';
import { addStaff } from '../../core/activities/staff.js';
import type { Context } from '../../io/context.js';
import type { Output } from '../../io/output.js';
import { t } from '../../i18n/index.js';
import { coreEnv } from '../member/shared.js';

export default async function staffAdd(ctx: Context, [session, member]: unknown[], opts: { duty: string }): Promise<Output> {
  const store = await ctx.openStore();
  const r = await store.update(['staff', 'members', 'sessions'], (draft) => {
    const by = actorKey(draft.members, ctx.actor, ctx.login ?? null);
    const r = addStaff(draft, { session: String(session), member: String(member), duty: opts.duty, by }, coreEnv(ctx, draft.meta));
    draft.staff = r.staff;
    const name = draft.members.find((m) => m.id === r.duty.memberId)!.name;
    const title = draft.sessions.find((s) => s.id === r.duty.sessionId)!.title;
    // The duty is free text: the audit holds ids only.
    const summary = `${r.replaced ? 'replaced' : 'added'} the staff duty of ${r.duty.memberId} at ${r.duty.sessionId}`;
    return { result: { ...r, name, title }, audit: { summary, refs: [r.duty.sessionId, r.duty.memberId] } };
  });
  const params = { name: r.name, member: r.duty.memberId, session: r.duty.sessionId, title: r.title, duty: r.duty.duty, was: r.replaced?.duty ?? '' };
  return { kind: 'done', data: r.duty, message: t(r.replaced ? 'staff.replaced' : 'staff.added', params) };
}

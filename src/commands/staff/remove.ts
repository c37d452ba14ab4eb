import { removeStaff } from '../../core/activities/staff.js';
import type { Context } from '../../io/context.js';
import type { Output } from '../../io/output.js';
import { t } from '../../i18n/index.js';

export default async function staffRemove(ctx: Context, [session, member]: unknown[]): Promise<Output> {
  const store = await ctx.openStore();
  const r = await store.update(['staff', 'members', 'sessions'], (draft) => {
    const r = removeStaff(draft, { session: String(session), member: String(member) });
    draft.staff = r.staff;
    const name = draft.members.find((m) => m.id === r.removed.memberId)!.name;
    return { result: { ...r, name }, audit: { summary: `removed the staff duty of ${r.removed.memberId} at ${r.removed.sessionId}`, refs: [r.removed.sessionId, r.removed.memberId] } };
  });
  return { kind: 'done', data: r.removed, message: t('staff.removed', { name: r.name, member: r.removed.memberId, session: r.removed.sessionId }) };
}

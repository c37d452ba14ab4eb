import { removeHours } from '../../core/activities/hours.js';
import type { Context } from '../../io/context.js';
import type { Output } from '../../io/output.js';
import { t } from '../../i18n/index.js';

export default async function hoursRemove(ctx: Context, [ref]: unknown[]): Promise<Output> {
  const store = await ctx.openStore();
  const removed = await store.update(['hours'], (draft) => {
    const r = removeHours(draft.hours, String(ref));
    draft.hours = r.hours;
    return { result: r.removed, audit: { summary: `removed hours ${r.removed.id}: ${r.removed.hours} h for ${r.removed.memberId} at ${r.removed.sessionId}`, refs: [r.removed.id, r.removed.memberId, r.removed.sessionId] } };
  });
  return { kind: 'done', data: removed, message: t('hours.removed', { id: removed.id, hours: removed.hours, member: removed.memberId, session: removed.sessionId }) };
}

import { actorKey } from '../../core/activities/actor.js';
import { formatAmount, parseAmount } from '../../core/money/amount.js';
import { parseCategory, setBudget } from '../../core/money/budgets.js';
import { findSession } from '../../core/sessions/sessions.js';
import { toInstantString } from '../../core/time.js';
import type { Context } from '../../io/context.js';
import type { Output } from '../../io/output.js';
import { t } from '../../i18n/index.js';
import { budgetLabel } from '../activity/shared.js';

export default async function budgetSet(ctx: Context, [ref]: unknown[], opts: { category: string; amount: string; note?: string; force?: boolean }): Promise<Output> {
  const store = await ctx.openStore();
  const r = await store.update(['budgets', 'sessions', 'members', 'activities'], (draft) => {
    // Checked under the lock: the messages are in the club's language, and the currency is the club's.
    const category = parseCategory(opts.category);
    const amount = parseAmount(opts.amount, '--amount', draft.meta.settings.currency);
    const session = findSession(draft.sessions, String(ref));
    const at = toInstantString(ctx.now, draft.meta.settings.timezone);
    const by = actorKey(draft.members, ctx.actor, ctx.login ?? null);
    const r = setBudget(draft.budgets, draft.activities, { sessionId: session.id, category, amount, note: opts.note, force: opts.force === true, by, at });
    if (!r.changed) return { result: r, audit: null };
    draft.budgets = r.budgets;
    const was = r.previous ? ` (was ${formatAmount(r.previous.amount)})` : '';
    // Ids, the category and amounts only: the note is free text.
    const summary = `budget ${session.id} ${category}: ${formatAmount(amount)}${was}${r.budget.forced && r.previous?.amount !== amount ? ' forced' : ''}`;
    return { result: r, audit: { summary, refs: [session.id] } };
  });
  const b = r.budget;
  const params = { session: b.sessionId, category: budgetLabel(b.category), amount: formatAmount(b.amount), was: r.previous ? formatAmount(r.previous.amount) : '' };
  const message = !r.changed ? t('budget.unchanged', params) : r.previous ? t('budget.changed', params) : t('budget.set', params);
  return { kind: 'done', data: { ...b, amount: formatAmount(b.amount) }, message: r.changed && b.forced && r.previous?.amount !== b.amount ? `${message}\n  ${t('budget.forcedNote')}` : message };
}

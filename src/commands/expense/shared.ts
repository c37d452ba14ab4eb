// What the expense commands share: one transaction that moves an expense one step (approve, reject, pay), and what
// a step prints.
import { actorKey } from '../../core/activities/actor.js';
import { formatAmount } from '../../core/money/amount.js';
import { expenseForPeople, stepExpense } from '../../core/money/expenses.js';
import type { ExpenseStep, StepExpenseInput } from '../../core/money/expenses.js';
import type { Expense } from '../../core/money/types.js';
import { toInstantString } from '../../core/time.js';
import type { Context } from '../../io/context.js';
import type { Output } from '../../io/output.js';
import { t } from '../../i18n/index.js';
import type { MessageKey } from '../../i18n/index.js';
import type { Meta } from '../../store/types.js';
import { actorName } from '../activity/shared.js';

export async function expenseStep(ctx: Context, ref: string, step: ExpenseStep, extra: (meta: Meta) => Omit<StepExpenseInput, 'actor' | 'at'>): Promise<Output> {
  const store = await ctx.openStore();
  const { expense, members } = await store.update(['expenses', 'budgets', 'members'], (draft) => {
    const actor = actorKey(draft.members, ctx.actor, ctx.login ?? null);
    const at = toInstantString(ctx.now, draft.meta.settings.timezone);
    const r = stepExpense(draft.expenses, draft.budgets, ref, step, { actor, at, describe: (key) => actorName(draft.members, key), ...extra(draft.meta) });
    draft.expenses = r.expenses;
    // Ids, statuses, amounts and dates only: the reason is free text.
    const e = r.expense;
    const summary = `expense ${e.id} ${r.from} -> ${e.status}: ${formatAmount(e.amount)}${step === 'pay' ? ` paid on ${e.paidOn}` : ''}${step === 'approve' && e.overBudget ? ' over budget' : ''}`;
    return { result: { expense: e, members: draft.members }, audit: { summary, refs: [e.id, ...(e.sessionId ? [e.sessionId] : [])] } };
  });
  return { kind: 'done', data: expenseForPeople(expense, members), message: stepMessage(expense) };
}

/** A category as a table shows it: one short word (物资 in zh); JSON, CSV and plan files keep the English word. */
export const categoryLabel = (category: string): string => t(`budget.cat.${category}` as MessageKey);

export function stepMessage(e: Expense): string {
  const params = { id: e.id, amount: formatAmount(e.amount), status: t(`expense.status.${e.status}`), date: e.paidOn ?? '' };
  const message = t(e.status === 'paid' ? 'expense.paid' : 'expense.stepDone', params);
  const next: Partial<Record<Expense['status'], string>> = { submitted: `club expense approve ${e.id}`, approved: `club expense pay ${e.id}` };
  const over = e.overBudget && e.status !== 'paid' && e.status !== 'rejected' ? `\n  ${t('expense.flaggedOver')}` : '';
  return `${message}${over}${next[e.status] ? `\n  ${t('expense.next', { command: next[e.status]! })}` : ''}`;
}

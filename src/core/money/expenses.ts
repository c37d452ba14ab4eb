// Expenses and reimbursements (SPEC §10, §14 "Money"): submitted → approved | rejected, approved → paid. Four eyes:
// the approver and the payer are not the submitter (people compared by actorKey: the login on a database, --by
// resolved on a folder). The remaining budget of the session and category is checked when the expense is added and
// again when it is approved: over it is a rule error unless --force, and a forced expense is flagged `overBudget`.
import { RuleError, UsageError } from '../errors.js';
import { allocateId } from '../ids.js';
import { NotFoundError } from '../errors.js';
import { t } from '../../i18n/index.js';
import type { Counters, Member } from '../types.js';
import { formatAmount } from './amount.js';
import { remainingOf } from './budgets.js';
import type { Budget, Expense, ExpenseStatus } from './types.js';

export const EXPENSE_STEPS = ['approve', 'reject', 'pay'] as const;
export type ExpenseStep = (typeof EXPENSE_STEPS)[number];

/** Which status each step starts from, and where it leads. */
export const EXPENSE_TRANSITIONS: Readonly<Record<ExpenseStep, { from: ExpenseStatus; to: ExpenseStatus }>> = {
  approve: { from: 'submitted', to: 'approved' },
  reject: { from: 'submitted', to: 'rejected' },
  pay: { from: 'approved', to: 'paid' },
};

/** The steps the submitter may not take on their own expense. */
const FOUR_EYES: readonly ExpenseStep[] = ['approve', 'pay'];

export function findExpense(expenses: readonly Expense[], ref: string): Expense {
  const id = ref.trim().toLowerCase();
  const found = expenses.find((e) => e.id === id);
  if (!found) throw new NotFoundError(t('expense.notFound', { id: JSON.stringify(ref) }), t('expense.notFoundHint'));
  return found;
}

/** Over budget: the amount against what is left of the session's category (never for an expense without a session). */
function overBudget(budgets: readonly Budget[], expenses: readonly Expense[], e: Pick<Expense, 'id' | 'amount' | 'sessionId' | 'category'>): { over: boolean; remaining: number } {
  if (e.sessionId === null) return { over: false, remaining: 0 };
  const remaining = remainingOf(budgets, expenses, e.sessionId, e.category, e.id);
  return { over: e.amount > remaining, remaining };
}

function refuseOver(e: Pick<Expense, 'amount' | 'sessionId' | 'category'>, remaining: number): never {
  throw new RuleError(t('expense.overBudget', { amount: formatAmount(e.amount), session: e.sessionId!, category: t(`activity.budget.${e.category}`), remaining: formatAmount(remaining) }), t('expense.overBudgetHint'));
}

/** What `expense add` gives: the expense's own fields, who submits it and when, and whether --force was given. */
export interface AddExpenseInput extends Pick<Expense, 'amount' | 'category' | 'sessionId' | 'payeeId' | 'payee' | 'note' | 'date' | 'receipts'> {
  force: boolean;
  by: string | null;
  at: string;
}

export function addExpense(expenses: readonly Expense[], budgets: readonly Budget[], counters: Counters, input: AddExpenseInput): { expenses: Expense[]; expense: Expense; counters: Counters; remaining: number } {
  const { id, counters: next } = allocateId(counters, 'expense');
  const { over, remaining } = overBudget(budgets, expenses, { id, ...input });
  if (over && !input.force) refuseOver(input, remaining);
  const expense: Expense = {
    id,
    amount: input.amount,
    category: input.category,
    sessionId: input.sessionId,
    payeeId: input.payeeId,
    payee: input.payeeId ? null : input.payee,
    note: input.note,
    date: input.date,
    status: 'submitted',
    submittedBy: input.by,
    submittedAt: input.at,
    approvedBy: null,
    approvedAt: null,
    rejectedBy: null,
    rejectedAt: null,
    reason: null,
    paidBy: null,
    paidOn: null,
    paidAt: null,
    overBudget: over,
    receipts: input.receipts,
    recordedAt: input.at,
  };
  return { expenses: [...expenses, expense], expense, counters: next, remaining };
}

export interface StepExpenseInput {
  actor: string;
  at: string;
  /** `reject`: the reason (required). */
  reason?: string | null;
  /** `pay`: the day paid (club zone). */
  paidOn?: string;
  /** `approve`: let an expense over the remaining budget through. */
  force?: boolean;
  /** How to name an actor in a message ("m2 杨洪勇"). */
  describe?: (actor: string) => string;
}

/** The expense after `step`, or a RuleError (exit 1) naming why not: the wrong status, the same person, over budget. */
export function stepExpense(expenses: readonly Expense[], budgets: readonly Budget[], ref: string, step: ExpenseStep, input: StepExpenseInput): { expenses: Expense[]; expense: Expense; from: ExpenseStatus } {
  const current = findExpense(expenses, ref);
  const rule = EXPENSE_TRANSITIONS[step];
  if (current.status !== rule.from) {
    const label = (status: ExpenseStatus) => t(`expense.status.${status}`);
    throw new RuleError(t('expense.wrongStatus', { id: current.id, status: label(current.status), step, needs: label(rule.from) }));
  }
  if (FOUR_EYES.includes(step) && current.submittedBy !== null && current.submittedBy === input.actor) {
    throw new RuleError(t('expense.sameAsSubmitter', { id: current.id, step, who: (input.describe ?? ((a) => a))(input.actor) }), t('expense.fourEyesHint'));
  }
  let expense: Expense;
  if (step === 'approve') {
    const { over, remaining } = overBudget(budgets, expenses, current);
    if (over && !input.force) refuseOver(current, remaining);
    expense = { ...current, status: 'approved', approvedBy: input.actor, approvedAt: input.at, overBudget: current.overBudget || over };
  } else if (step === 'reject') {
    if (!input.reason) throw new UsageError(t('expense.rejectNeedsReason'));
    expense = { ...current, status: 'rejected', rejectedBy: input.actor, rejectedAt: input.at, reason: input.reason };
  } else {
    expense = { ...current, status: 'paid', paidBy: input.actor, paidAt: input.at, paidOn: input.paidOn ?? input.at.slice(0, 10) };
  }
  return { expenses: expenses.map((e) => (e === current ? expense : e)), expense, from: current.status };
}

/** The payee as people read it: the member's name (`(purged m3)` for a purged one), else the text given. */
export function payeeName(e: Pick<Expense, 'payeeId' | 'payee'>, members: ReadonlyArray<Pick<Member, 'id' | 'name'>>): string {
  if (e.payeeId === null) return e.payee ?? '';
  return members.find((m) => m.id === e.payeeId)?.name ?? e.payeeId;
}

/** An expense as JSON and CSV show it (SPEC §14): amounts as strings, the payee's display name beside its id. */
export function expenseForPeople(e: Expense, members: ReadonlyArray<Pick<Member, 'id' | 'name'>>) {
  return {
    id: e.id,
    amount: formatAmount(e.amount),
    category: e.category,
    sessionId: e.sessionId,
    payee: payeeName(e, members),
    payeeId: e.payeeId,
    note: e.note,
    date: e.date,
    status: e.status,
    submittedBy: e.submittedBy,
    submittedAt: e.submittedAt,
    approvedBy: e.approvedBy,
    approvedAt: e.approvedAt,
    rejectedBy: e.rejectedBy,
    rejectedAt: e.rejectedAt,
    reason: e.reason,
    paidBy: e.paidBy,
    paidOn: e.paidOn,
    paidAt: e.paidAt,
    overBudget: e.overBudget,
    receipts: e.receipts.map((r) => ({ sha256: r.sha256, name: r.name, size: r.size })),
  };
}

/** Paid expenses of a session, summed (the evaluation's `cost`). */
export function paidCost(expenses: readonly Expense[], sessionId: string): number {
  return expenses.filter((e) => e.sessionId === sessionId && e.status === 'paid').reduce((sum, e) => sum + e.amount, 0);
}

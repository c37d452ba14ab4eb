// Budgets per session and category (SPEC §10, §14 "Money"): what a session may spend on one category, shown against
// what it spends. `spent` = the non-rejected expenses of that session and category; remaining = budget − spent. The
// session's budgets are what the money commands read; `activity plan` writes them from the plan's budget lines, and
// `budget set` changes one line afterwards (with --force once the activity is approved: recorded as `forced`).
import { RuleError, UsageError } from '../errors.js';
import { t } from '../../i18n/index.js';
import { activityOf } from '../activities/status.js';
import type { Activity, BudgetLine } from '../activities/types.js';
import { oneLineText } from '../text.js';
import { formatAmount } from './amount.js';
import { BUDGET_CATEGORIES } from './types.js';
import type { Budget, BudgetCategory, Expense } from './types.js';

/** A category as typed (`Rewards`, ` tech `), or a usage error listing the categories. */
export function parseCategory(value: string, flag = '--category'): BudgetCategory {
  const c = value.trim().toLowerCase();
  if (!(BUDGET_CATEGORIES as readonly string[]).includes(c)) throw new UsageError(t('budget.badCategory', { flag, value: JSON.stringify(value), categories: BUDGET_CATEGORIES.join('|') }));
  return c as BudgetCategory;
}

/** Spent: the amounts of the session's non-rejected expenses in the category, leaving out `except` (the one approved). */
export function spentOf(expenses: readonly Expense[], sessionId: string, category: BudgetCategory, except?: string): number {
  return expenses.filter((e) => e.sessionId === sessionId && e.category === category && e.status !== 'rejected' && e.id !== except).reduce((sum, e) => sum + e.amount, 0);
}

/** What is left of the budget (negative when overspent; a category without a budget has 0 to spend). */
export function remainingOf(budgets: readonly Budget[], expenses: readonly Expense[], sessionId: string, category: BudgetCategory, except?: string): number {
  const budget = budgets.find((b) => b.sessionId === sessionId && b.category === category)?.amount ?? 0;
  return budget - spentOf(expenses, sessionId, category, except);
}

export interface SetBudgetInput {
  sessionId: string;
  category: BudgetCategory;
  amount: number;
  note: string | undefined;
  force: boolean;
  by: string | null;
  at: string;
}

/**
 * Sets one budget line. On a session whose activity is approved, a change (a new line or another amount) is a rule
 * error unless `force`, and a forced change is recorded (`forced: true`). Setting the same amount again changes
 * nothing (`changed` false).
 */
export function setBudget(budgets: readonly Budget[], activities: readonly Activity[], input: SetBudgetInput): { budgets: Budget[]; budget: Budget; previous: Budget | null; changed: boolean } {
  const previous = budgets.find((b) => b.sessionId === input.sessionId && b.category === input.category) ?? null;
  const note = input.note === undefined ? previous?.note ?? null : oneLineText('--note', input.note, 200) || null;
  if (previous && previous.amount === input.amount && previous.note === note) return { budgets: [...budgets], budget: previous, previous, changed: false };
  const approved = activityOf(activities, input.sessionId)?.status === 'approved';
  const amountChanged = previous?.amount !== input.amount;
  if (approved && amountChanged && !input.force) {
    throw new RuleError(t('budget.approvedNeedsForce', { session: input.sessionId, category: input.category }), t('budget.approvedNeedsForceHint'));
  }
  const budget: Budget = {
    sessionId: input.sessionId,
    category: input.category,
    amount: input.amount,
    note,
    at: input.at,
    by: input.by,
    forced: approved && amountChanged ? true : previous?.forced ?? false,
    recordedAt: input.at,
  };
  const next = previous ? budgets.map((b) => (b === previous ? budget : b)) : [...budgets, budget];
  return { budgets: next, budget, previous, changed: true };
}

/**
 * The session's budgets after its plan was written: a plan with budget lines replaces them (the plan's lines, the
 * same objects for lines that did not change); a plan without lines leaves them as they are.
 */
export function budgetsFromPlan(budgets: readonly Budget[], sessionId: string, lines: readonly BudgetLine[], by: string | null, at: string): Budget[] {
  if (lines.length === 0) return budgets as Budget[];
  const others = budgets.filter((b) => b.sessionId !== sessionId);
  const own = lines.map((line): Budget => {
    const old = budgets.find((b) => b.sessionId === sessionId && b.category === line.category);
    if (old && old.amount === line.amount) return old;
    return { sessionId, category: line.category, amount: line.amount, note: null, at, by, forced: false, recordedAt: at };
  });
  const same = own.length === budgets.length - others.length && own.every((b) => budgets.includes(b));
  return same ? (budgets as Budget[]) : [...others, ...own];
}

export interface BudgetRow {
  sessionId: string;
  category: BudgetCategory;
  amount: string;
  spent: string;
  remaining: string;
  note: string | null;
  forced: boolean;
}

export interface BudgetReport {
  rows: BudgetRow[];
  totals: { amount: string; spent: string; remaining: string };
}

const categoryOrder = (c: BudgetCategory) => BUDGET_CATEGORIES.indexOf(c);

/**
 * Budget against spending per session and category, for `sessionIds` (every session with a budget or an expense
 * when omitted). A category with expenses but no budget is shown with amount 0.00.
 */
export function budgetReport(budgets: readonly Budget[], expenses: readonly Expense[], sessionIds?: readonly string[]): BudgetReport {
  const keys = new Map<string, { sessionId: string; category: BudgetCategory }>();
  const wanted = (s: string | null): s is string => s !== null && (!sessionIds || sessionIds.includes(s));
  for (const b of budgets) if (wanted(b.sessionId)) keys.set(`${b.sessionId}/${b.category}`, b);
  for (const e of expenses) if (wanted(e.sessionId) && e.status !== 'rejected') keys.set(`${e.sessionId}/${e.category}`, { sessionId: e.sessionId, category: e.category });
  const sorted = [...keys.values()].sort((a, b) => Number(a.sessionId.slice(1)) - Number(b.sessionId.slice(1)) || categoryOrder(a.category) - categoryOrder(b.category));
  let amount = 0;
  let spent = 0;
  const rows = sorted.map(({ sessionId, category }) => {
    const budget = budgets.find((b) => b.sessionId === sessionId && b.category === category);
    const a = budget?.amount ?? 0;
    const s = spentOf(expenses, sessionId, category);
    amount += a;
    spent += s;
    return { sessionId, category, amount: formatAmount(a), spent: formatAmount(s), remaining: formatAmount(a - s), note: budget?.note ?? null, forced: budget?.forced ?? false };
  });
  return { rows, totals: { amount: formatAmount(amount), spent: formatAmount(spent), remaining: formatAmount(amount - spent) } };
}

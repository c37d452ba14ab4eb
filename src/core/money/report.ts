// The money report (SPEC §10, §14 "Money"): for a period (all time without one), income = the money donations
// received in it (by their date), spending = the expenses PAID in it (by paidOn), balance = income − spending, the
// spending by category, and gifts in kind listed apart (in neither total). Integer fen throughout; amounts are
// formatted only at the end, as two-decimal strings.
import { addDaysToDate } from '../time.js';
import { compareIds } from '../ids.js';
import { formatAmount } from './amount.js';
import { BUDGET_CATEGORIES } from './types.js';
import type { Budget, BudgetCategory, Donation, Expense } from './types.js';

/** A period of dates: `from` included, `to` left out; null for an open end. */
export interface MoneyPeriod {
  from: string | null;
  to: string | null;
}

export const inPeriod = (date: string, period: MoneyPeriod): boolean => (period.from === null || date >= period.from) && (period.to === null || date < period.to);

/** The money donations received in the period, by date then id. */
export const moneyDonations = (donations: readonly Donation[], period: MoneyPeriod): Donation[] =>
  donations.filter((d) => d.amount !== null && inPeriod(d.date, period)).sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : compareIds(a.id, b.id)));

/** The expenses paid in the period (by their pay date), by pay date then id. */
export const paidExpenses = (expenses: readonly Expense[], period: MoneyPeriod): Expense[] =>
  expenses
    .filter((e) => e.status === 'paid' && e.paidOn !== null && inPeriod(e.paidOn, period))
    .sort((a, b) => (a.paidOn! < b.paidOn! ? -1 : a.paidOn! > b.paidOn! ? 1 : compareIds(a.id, b.id)));

export interface MoneyTotals {
  /** Integer fen. */
  income: number;
  spending: number;
  balance: number;
  byCategory: Array<{ category: BudgetCategory; spending: number; expenses: number }>;
}

/** The totals in fen: what the report shows and what the journal must add up to. */
export function moneyTotals(expenses: readonly Expense[], donations: readonly Donation[], period: MoneyPeriod): MoneyTotals {
  const income = moneyDonations(donations, period).reduce((n, d) => n + d.amount!, 0);
  const paid = paidExpenses(expenses, period);
  const byCategory = BUDGET_CATEGORIES.map((category) => {
    const of = paid.filter((e) => e.category === category);
    return { category, spending: of.reduce((n, e) => n + e.amount, 0), expenses: of.length };
  }).filter((c) => c.expenses > 0);
  const spending = byCategory.reduce((n, c) => n + c.spending, 0);
  return { income, spending, balance: income - spending, byCategory };
}

export interface MoneyReport {
  period: { from: string | null; to: string | null; last: string | null };
  currency: string;
  income: string;
  spending: string;
  balance: string;
  donations: number;
  expenses: number;
  byCategory: Array<{ category: BudgetCategory; spending: string; expenses: number }>;
  /** Gifts in kind received in the period (not in the totals); an anonymous one without its donor. */
  inKind: Array<{ id: string; date: string; donorId: string | null; donor: string; inKind: string; purpose: string | null; anonymous: boolean }>;
}

/**
 * The report. `donorOf` names a donation's donor as a report shows it (an anonymous donation is always shown as
 * anonymous in a report, whoever runs it: reports are passed on).
 */
export function moneyReport(expenses: readonly Expense[], donations: readonly Donation[], period: MoneyPeriod, currency: string, donorOf: (d: Donation) => { donorId: string | null; donor: string }): MoneyReport {
  const totals = moneyTotals(expenses, donations, period);
  const inKind = donations
    .filter((d) => d.inKind !== null && inPeriod(d.date, period))
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : compareIds(a.id, b.id)))
    .map((d) => ({ id: d.id, date: d.date, ...donorOf(d), inKind: d.inKind!, purpose: d.purpose, anonymous: d.anonymous }));
  return {
    period: { from: period.from, to: period.to, last: period.to === null ? null : addDaysToDate(period.to, -1) },
    currency,
    income: formatAmount(totals.income),
    spending: formatAmount(totals.spending),
    balance: formatAmount(totals.balance),
    donations: moneyDonations(donations, period).length,
    expenses: paidExpenses(expenses, period).length,
    byCategory: totals.byCategory.map((c) => ({ category: c.category, spending: formatAmount(c.spending), expenses: c.expenses })),
    inKind,
  };
}

/** The monthly report's money section (SPEC §10): present only for a club that keeps any money records. */
export interface MonthlyMoney {
  currency: string;
  income: string;
  spending: string;
  balance: string;
  byCategory: MoneyReport['byCategory'];
  /**
   * Budget vs actual of the month's sessions that have budgets, per category: `spent` = the session's non-rejected
   * expenses of that category (as the remaining-budget rule counts them), `paid` = those paid so far.
   */
  budgets: Array<{ sessionId: string; title: string; date: string; category: BudgetCategory; budget: string; spent: string; paid: string; remaining: string; over: boolean }>;
  /** Expenses of the month's sessions let through over their budget with --force. */
  overBudget: Array<{ id: string; sessionId: string | null; category: BudgetCategory; amount: string; status: Expense['status'] }>;
  /** Donations received by the month's end and not yet thanked (anonymous ones as such). */
  unthanked: { count: number; donations: Array<{ id: string; date: string; donor: string; amount: string | null; inKind: string | null }> };
}

export interface MonthlyMoneyInput {
  budgets: readonly Budget[];
  expenses: readonly Expense[];
  donations: readonly Donation[];
  /** The month's sessions (club-zone dates), in order. */
  sessions: ReadonlyArray<{ id: string; title: string; date: string }>;
  month: { from: string; to: string };
  /** The report's now: records recorded later are left out, and steps (paid, thanked) taken later not yet taken. */
  now: string;
  currency: string;
  donorOf: (d: Donation) => { donorId: string | null; donor: string };
}

const recordedBy = (r: { recordedAt?: string }, now: number): boolean => r.recordedAt === undefined || Date.parse(r.recordedAt) <= now;

/** The section, or null when the club (as of the report's now) has no budget, expense or donation at all. */
export function monthlyMoney(input: MonthlyMoneyInput): MonthlyMoney | null {
  const now = Date.parse(input.now);
  const budgets = input.budgets.filter((b) => recordedBy(b, now));
  const expenses = input.expenses
    .filter((e) => recordedBy(e, now))
    // A step taken after the report's now has not happened yet.
    .map((e) => (e.status === 'paid' && e.paidAt !== null && Date.parse(e.paidAt) > now ? { ...e, status: 'approved' as const, paidOn: null } : e));
  const donations = input.donations.filter((d) => recordedBy(d, now)).map((d) => (d.thankedAt !== null && Date.parse(d.thankedAt) > now ? { ...d, thankedAt: null } : d));
  if (!budgets.length && !expenses.length && !donations.length) return null;
  const report = moneyReport(expenses, donations, input.month, input.currency, input.donorOf);
  const sessionIds = new Set(input.sessions.map((s) => s.id));
  const rows: MonthlyMoney['budgets'] = [];
  for (const s of input.sessions) {
    for (const category of BUDGET_CATEGORIES) {
      const budget = budgets.find((b) => b.sessionId === s.id && b.category === category);
      if (!budget) continue;
      const of = expenses.filter((e) => e.sessionId === s.id && e.category === category && e.status !== 'rejected');
      const spent = of.reduce((n, e) => n + e.amount, 0);
      const paid = of.filter((e) => e.status === 'paid').reduce((n, e) => n + e.amount, 0);
      rows.push({ sessionId: s.id, title: s.title, date: s.date, category, budget: formatAmount(budget.amount), spent: formatAmount(spent), paid: formatAmount(paid), remaining: formatAmount(budget.amount - spent), over: spent > budget.amount });
    }
  }
  const overBudget = expenses
    .filter((e) => e.overBudget && e.status !== 'rejected' && e.sessionId !== null && sessionIds.has(e.sessionId))
    .sort((a, b) => compareIds(a.id, b.id))
    .map((e) => ({ id: e.id, sessionId: e.sessionId, category: e.category, amount: formatAmount(e.amount), status: e.status }));
  const unthanked = donations
    .filter((d) => d.thankedAt === null && d.date < input.month.to)
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : compareIds(a.id, b.id)))
    .map((d) => ({ id: d.id, date: d.date, donor: input.donorOf(d).donor, amount: d.amount === null ? null : formatAmount(d.amount), inKind: d.inKind }));
  return {
    currency: input.currency,
    income: report.income,
    spending: report.spending,
    balance: report.balance,
    byCategory: report.byCategory,
    budgets: rows,
    overBudget,
    unthanked: { count: unthanked.length, donations: unthanked },
  };
}

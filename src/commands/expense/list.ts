import { UsageError } from '../../core/errors.js';
import { formatAmount } from '../../core/money/amount.js';
import { expenseForPeople } from '../../core/money/expenses.js';
import { EXPENSE_STATUSES } from '../../core/money/types.js';
import type { ExpenseStatus } from '../../core/money/types.js';
import { findSession } from '../../core/sessions/sessions.js';
import { compareIds } from '../../core/ids.js';
import type { Context } from '../../io/context.js';
import { list } from '../../io/output.js';
import type { Column, Output } from '../../io/output.js';
import { t } from '../../i18n/index.js';
import type { MessageKey } from '../../i18n/index.js';
import { categoryLabel } from './shared.js';

type Row = ReturnType<typeof expenseForPeople>;

/**
 * Expenses in id order, by status and session; the table ends with a total row, JSON and CSV hold the expenses only.
 * The table leaves out who submitted, approved and paid (JSON and CSV have them) so that it fits 80 columns.
 */
export default async function expenseList(ctx: Context, _args: unknown[], opts: { status?: string; session?: string; json?: boolean; csv?: boolean }): Promise<Output> {
  const store = await ctx.openStore();
  const { expenses, sessions, members } = await store.read(['expenses', 'sessions', 'members']);
  const status = opts.status === undefined ? undefined : opts.status.trim().toLowerCase();
  if (status !== undefined && !(EXPENSE_STATUSES as readonly string[]).includes(status)) throw new UsageError(t('expense.badStatus', { value: JSON.stringify(opts.status), statuses: EXPENSE_STATUSES.join('|') }));
  const sessionId = opts.session === undefined ? undefined : findSession(sessions, opts.session).id;
  const chosen = expenses
    .filter((e) => (status === undefined || e.status === (status as ExpenseStatus)) && (sessionId === undefined || e.sessionId === sessionId))
    .sort((a, b) => compareIds(a.id, b.id));
  const rows = chosen.map((e) => expenseForPeople(e, members));
  const columns: Column<Row>[] = opts.csv
    ? [
        ...(['id', 'amount', 'category', 'sessionId', 'payee', 'payeeId', 'note', 'date', 'status', 'submittedBy', 'approvedBy', 'rejectedBy', 'reason', 'paidBy', 'paidOn', 'paidAt', 'overBudget'] as const).map((key): Column<Row> => ({ header: key, key, value: (r) => r[key] })),
        { header: 'receipts', key: 'receipts', value: (r) => r.receipts.map((x) => x.sha256).join(' ') },
      ]
    : [
        { header: t('expense.col.id'), key: 'id', value: (r) => r.id },
        { header: t('expense.col.date'), key: 'date', value: (r) => r.date },
        { header: t('expense.col.amount'), key: 'amount', value: (r) => r.amount },
        { header: t('expense.col.category'), key: 'category', value: (r) => (r.category ? categoryLabel(r.category) : '') },
        { header: t('expense.col.session'), key: 'sessionId', value: (r) => r.sessionId ?? '' },
        { header: t('expense.col.payee'), key: 'payee', value: (r) => r.payee },
        { header: t('expense.col.status'), key: 'status', value: (r) => (r.status ? `${t(`expense.status.${r.status}` as MessageKey)}${r.overBudget ? ` ${t('expense.overMark')}` : ''}` : '') },
        { header: t('expense.col.note'), key: 'note', value: (r) => `${r.note}${r.receipts.length ? ` [${t('expense.receiptCount', { count: r.receipts.length })}]` : ''}${r.reason ? ` (${r.reason})` : ''}` },
      ];
  const forPeople = !opts.json && !opts.csv && rows.length > 0;
  const total = { id: t('expense.total'), date: '', amount: formatAmount(chosen.reduce((s, e) => s + e.amount, 0)), category: '', sessionId: null, payee: '', note: '', status: '', submittedBy: null, overBudget: false, receipts: [], reason: null } as unknown as Row;
  return list(forPeople ? [...rows, total] : rows, columns, { empty: expenses.length ? t('expense.noMatch') : t('expense.empty'), json: rows });
}

import { budgetReport } from '../../core/money/budgets.js';
import type { BudgetRow } from '../../core/money/budgets.js';
import { findSession } from '../../core/sessions/sessions.js';
import type { Context } from '../../io/context.js';
import { list } from '../../io/output.js';
import type { Column, Output } from '../../io/output.js';
import { t } from '../../i18n/index.js';
import { categoryLabel } from '../expense/shared.js';

/** Budget against spending per session and category; the table ends with a total row, JSON has `totals` apart. */
export default async function budgetShow(ctx: Context, [ref]: unknown[], opts: { json?: boolean; csv?: boolean }): Promise<Output> {
  const store = await ctx.openStore();
  const { budgets, expenses, sessions } = await store.read(['budgets', 'expenses', 'sessions']);
  const sessionIds = ref === undefined ? undefined : [findSession(sessions, String(ref)).id];
  const report = budgetReport(budgets, expenses, sessionIds);
  const titles = new Map(sessions.map((s) => [s.id, s.title]));
  const forPeople = !opts.json && !opts.csv;
  type Row = BudgetRow & { title: string };
  const rows: Row[] = report.rows.map((r) => ({ ...r, title: titles.get(r.sessionId) ?? '' }));
  const columns: Column<Row>[] = opts.csv
    ? [
        { header: 'sessionId', key: 'sessionId', value: (r) => r.sessionId },
        { header: 'title', key: 'title', value: (r) => r.title },
        { header: 'category', key: 'category', value: (r) => r.category },
        { header: 'amount', key: 'amount', value: (r) => r.amount },
        { header: 'spent', key: 'spent', value: (r) => r.spent },
        { header: 'remaining', key: 'remaining', value: (r) => r.remaining },
        { header: 'forced', key: 'forced', value: (r) => r.forced },
        { header: 'note', key: 'note', value: (r) => r.note },
      ]
    : [
        { header: t('budget.col.session'), key: 'sessionId', value: (r) => `${r.sessionId} ${r.title}`.trim() },
        { header: t('budget.col.category'), key: 'category', value: (r) => (r.category ? categoryLabel(r.category) : '') },
        { header: t('budget.col.amount'), key: 'amount', value: (r) => r.amount },
        { header: t('budget.col.spent'), key: 'spent', value: (r) => r.spent },
        { header: t('budget.col.remaining'), key: 'remaining', value: (r) => r.remaining },
        { header: t('budget.col.note'), key: 'note', value: (r) => [r.forced ? t('budget.forcedMark') : '', r.note ?? ''].filter(Boolean).join(' ') },
      ];
  const total = { sessionId: '', title: t('budget.total'), category: '' as never, ...report.totals, note: null, forced: false };
  const shown = forPeople && rows.length > 0 ? [...rows, total] : rows;
  return list(shown, columns, { empty: t('budget.empty'), json: { budgets: report.rows, totals: report.totals } });
}

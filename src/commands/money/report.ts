import { moneyReport } from '../../core/money/report.js';
import type { MoneyReport } from '../../core/money/report.js';
import type { Context } from '../../io/context.js';
import { keyValues, renderTable } from '../../io/output.js';
import type { Column, Output } from '../../io/output.js';
import type { Style } from '../../io/style.js';
import { t } from '../../i18n/index.js';
import { moneyPeriod, reportDonor } from './shared.js';

/**
 * Income (money donations received), spending (expenses paid, by pay date), balance, spending by category, and the
 * gifts in kind apart; all time without a period. Anonymous donors are shown as such, whoever runs it.
 */
export default async function moneyReportCommand(ctx: Context, _args: unknown[], opts: { month?: string; from?: string; to?: string; json?: boolean }): Promise<Output> {
  const store = await ctx.openStore();
  const { meta, expenses, donations, donors, members } = await store.read(['expenses', 'donations', 'donors', 'members']);
  const period = moneyPeriod(ctx, meta, opts);
  const report = moneyReport(expenses, donations, period, meta.settings.currency, reportDonor(donors, members));
  const text = await renderMoneyReport(report, ctx.style, ctx.columns);
  return { kind: 'item', data: report, render: () => text };
}

async function renderMoneyReport(r: MoneyReport, style: Style, columns: number | undefined): Promise<string> {
  const span = r.period.from === null && r.period.to === null ? t('money.report.allTime') : `${r.period.from ?? '…'} – ${r.period.last ?? '…'}`;
  const parts = [
    keyValues(
      [
        [t('money.report.period'), span],
        [t('money.report.income'), `${r.income} ${r.currency} (${t('money.report.donations', { count: r.donations })})`],
        [t('money.report.spending'), `${r.spending} ${r.currency} (${t('money.report.expenses', { count: r.expenses })})`],
        [t('money.report.balance'), `${r.balance} ${r.currency}`],
      ],
      style,
      columns,
    ),
  ];
  if (r.byCategory.length) {
    const cols: Column<MoneyReport['byCategory'][number]>[] = [
      { header: t('money.report.category'), key: 'category', value: (c) => t(`money.category.${c.category}`) },
      { header: t('money.report.categorySpending', { currency: r.currency }), key: 'spending', value: (c) => c.spending },
      { header: t('money.report.categoryExpenses'), key: 'expenses', value: (c) => c.expenses },
    ];
    parts.push(await renderTable(cols as Column<never>[], r.byCategory, style, columns));
  }
  if (r.inKind.length) parts.push([`${t('money.report.inKind')}:`, ...r.inKind.map((k) => `  ${k.id} ${k.date} ${k.donor}: ${k.inKind}`)].join('\n'));
  return `${parts.join('\n\n')}\n`;
}

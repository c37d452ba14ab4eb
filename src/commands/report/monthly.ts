import { buildMonthlyReport } from '../../core/reports/monthly.js';
import { parseMonth, previousMonth } from '../../core/reports/period.js';
import { toDateString } from '../../core/time.js';
import type { Context } from '../../io/context.js';
import type { Output } from '../../io/output.js';
import { loadReport, renderReport } from './shared.js';
import type { ReportOpts } from './shared.js';

export default async function reportMonthly(ctx: Context, _args: unknown[], opts: ReportOpts & { month?: string }): Promise<Output | void> {
  const { data, env, period: month, store, money } = await loadReport(
    ctx,
    opts,
    (env) => {
      const month = parseMonth(opts.month ?? toDateString(env.now, env.settings.timezone).slice(0, 7));
      return opts.last ? parseMonth(previousMonth(month.month)) : month;
    },
    undefined,
    true,
  );
  const redact = Boolean(opts.redact);
  const report = buildMonthlyReport(data, month, env, { redact });
  // The money section, for a club that keeps money records only (an empty section would be noise).
  if (money && (money.budgets.length || money.expenses.length || money.donations.length)) {
    const section = (await import('./monthly-money.js')).monthlyMoneySection(money, data, month, env, redact);
    if (section) report.money = section;
  }
  return renderReport(ctx, report as unknown as Record<string, unknown>, `monthly.${env.settings.lang}`, store, opts);
}

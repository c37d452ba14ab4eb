import { sessionDate } from '../../core/attendance/rules.js';
import { monthlyMoney } from '../../core/money/report.js';
import { buildMonthlyReport } from '../../core/reports/monthly.js';
import { parseMonth, previousMonth } from '../../core/reports/period.js';
import { toDateString, toInstantString } from '../../core/time.js';
import type { Context } from '../../io/context.js';
import type { Output } from '../../io/output.js';
import { t } from '../../i18n/index.js';
import { reportDonor } from '../money/shared.js';
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
    true,
  );
  const redact = Boolean(opts.redact);
  const report = buildMonthlyReport(data, month, env, { redact });
  // The money section, for a club that keeps money records only (an empty section would be noise).
  if (money && (money.budgets.length || money.expenses.length || money.donations.length)) {
    const tz = env.settings.timezone;
    const sessions = data.sessions
      .map((s) => ({ id: s.id, title: s.title, date: sessionDate(s, tz), startsAt: s.startsAt }))
      .filter((s) => s.date >= month.from && s.date < month.to)
      .sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt));
    const named = reportDonor(money.donors, data.members);
    // Redacted: donors by id (anonymous ones as such), as members are shown without names.
    const donorOf = redact ? (d: Parameters<typeof named>[0]) => (d.anonymous ? named(d) : { donorId: d.donorId, donor: d.donorId ?? t('donation.anonymous') }) : named;
    const section = monthlyMoney({ ...money, sessions, month, now: toInstantString(env.now, tz), currency: env.settings.currency, donorOf });
    if (section) report.money = section;
  }
  return renderReport(ctx, report as unknown as Record<string, unknown>, `monthly.${env.settings.lang}`, store, opts);
}

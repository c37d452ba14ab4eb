import { donationRows } from '../../core/money/donations.js';
import { displayName } from '../../core/reports/labels.js';
import { buildNewsletter, monthAfter } from '../../core/reports/newsletter.js';
import type { MemberSummary } from '../../core/types.js';
import { t } from '../../i18n/index.js';
import { parseMonth, previousMonth } from '../../core/reports/period.js';
import { toDateString } from '../../core/time.js';
import type { Context } from '../../io/context.js';
import type { Output } from '../../io/output.js';
import { loadReport, renderReport } from './shared.js';
import type { ReportOpts } from './shared.js';

/** The month's newsletter: this month unless --month or --last, as the monthly report. */
export default async function reportNewsletter(ctx: Context, _args: unknown[], opts: ReportOpts & { month?: string }): Promise<Output | void> {
  // The club is read up to the end of the next month (what is coming, with today's topics and registrations), of
  // attendance and points only those two months.
  const { data, env, period, store, money } = await loadReport(
    ctx,
    opts,
    (env) => {
      const chosen = parseMonth(opts.month ?? toDateString(env.now, env.settings.timezone).slice(0, 7));
      const month = opts.last ? parseMonth(previousMonth(chosen.month)) : chosen;
      return { ...month, to: monthAfter(month).to };
    },
    0,
    true,
  );
  const month = parseMonth(period.month);
  const newsletter = buildNewsletter(data, month, env, { redact: Boolean(opts.redact) });
  // Thanks to the month's donors, once the club keeps money (an anonymous gift as 匿名 / Anonymous: a newsletter is
  // passed on). Only what was recorded by the newsletter's time (--as-of) counts.
  if (money?.donations.length) {
    const now = env.now.getTime();
    const given = money.donations.filter((d) => d.recordedAt === undefined || Date.parse(d.recordedAt) <= now);
    const rows = donationRows(given, money.donors, data.members, { from: month.from, to: month.to, seesDonors: false, anonymousLabel: t('donation.anonymous') });
    const shorten = (name: string, anonymous: boolean) => (opts.redact && !anonymous ? displayName({ name } as MemberSummary, true) : name);
    if (rows.length) newsletter.donors = rows.map((r) => ({ name: shorten(r.donor, r.anonymous), amount: r.amount, inKind: r.inKind }));
  }
  return renderReport(ctx, newsletter as unknown as Record<string, unknown>, `newsletter.${env.settings.lang}`, store, opts);
}

import { buildNewsletter, monthAfter } from '../../core/reports/newsletter.js';
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
  const { data, env, period, store } = await loadReport(
    ctx,
    opts,
    (env) => {
      const chosen = parseMonth(opts.month ?? toDateString(env.now, env.settings.timezone).slice(0, 7));
      const month = opts.last ? parseMonth(previousMonth(chosen.month)) : chosen;
      return { ...month, to: monthAfter(month).to };
    },
    0,
  );
  const month = parseMonth(period.month);
  const newsletter = buildNewsletter(data, month, env, { redact: Boolean(opts.redact) });
  return renderReport(ctx, newsletter as unknown as Record<string, unknown>, `newsletter.${env.settings.lang}`, store, opts);
}

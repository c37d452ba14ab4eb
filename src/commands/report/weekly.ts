import { UsageError } from '../../core/errors.js';
import { parseWeek, weekContaining } from '../../core/reports/period.js';
import { buildWeeklyReport } from '../../core/reports/weekly.js';
import { addDaysToDate, requireDateInput, toDateString } from '../../core/time.js';
import type { Context } from '../../io/context.js';
import type { Output } from '../../io/output.js';
import { loadReport, renderReport } from './shared.js';
import type { ReportOpts } from './shared.js';
import { t } from '../../i18n/index.js';

export default async function reportWeekly(ctx: Context, _args: unknown[], opts: ReportOpts & { week?: string; date?: string }): Promise<Output | void> {
  if (opts.week !== undefined && opts.date !== undefined) throw new UsageError(t('report.giveWeekOrDate'));
  const { data, env, period: week, store } = await loadReport(ctx, opts, (env) => {
    const { timezone: tz, weekStart } = env.settings;
    const week =
      opts.week !== undefined
        ? parseWeek(opts.week, weekStart)
        : weekContaining(opts.date !== undefined ? requireDateInput(opts.date, '--date', { now: env.now, tz }).date : toDateString(env.now, tz), weekStart);
    return opts.last ? weekContaining(addDaysToDate(week.from, -7), weekStart) : week;
  });
  const redact = Boolean(opts.redact);
  const report = buildWeeklyReport(data, week, env, { redact });
  return renderReport(ctx, report as unknown as Record<string, unknown>, `weekly.${env.settings.lang}`, store, opts);
}

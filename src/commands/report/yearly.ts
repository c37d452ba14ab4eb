import { parseYear, previousYear, yearContaining } from '../../core/reports/period.js';
import { toDateString } from '../../core/time.js';
import type { Context } from '../../io/context.js';
import type { Output } from '../../io/output.js';
import { renderPeriodReport } from './periods.js';
import type { ReportOpts } from './shared.js';

export default async function reportYearly(ctx: Context, _args: unknown[], opts: ReportOpts & { year?: string }): Promise<Output | void> {
  return renderPeriodReport(ctx, opts, 'yearly', (env) => {
    const year = opts.year !== undefined ? parseYear(opts.year) : yearContaining(toDateString(env.now, env.settings.timezone));
    return opts.last ? previousYear(year) : year;
  });
}

import { parseQuarter, previousQuarter, quarterContaining } from '../../core/reports/period.js';
import { toDateString } from '../../core/time.js';
import type { Context } from '../../io/context.js';
import type { Output } from '../../io/output.js';
import { renderPeriodReport } from './periods.js';
import type { ReportOpts } from './shared.js';

export default async function reportQuarterly(ctx: Context, _args: unknown[], opts: ReportOpts & { quarter?: string }): Promise<Output | void> {
  return renderPeriodReport(ctx, opts, 'quarterly', (env) => {
    const quarter = opts.quarter !== undefined ? parseQuarter(opts.quarter) : quarterContaining(toDateString(env.now, env.settings.timezone));
    return opts.last ? previousQuarter(quarter) : quarter;
  });
}

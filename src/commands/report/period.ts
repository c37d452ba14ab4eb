import { UsageError } from '../../core/errors.js';
import { requireDateInput } from '../../core/time.js';
import { t } from '../../i18n/index.js';
import type { Context } from '../../io/context.js';
import type { Output } from '../../io/output.js';
import { renderPeriodReport } from './periods.js';
import type { ReportOpts } from './shared.js';

export default async function reportPeriod(ctx: Context, _args: unknown[], opts: ReportOpts & { from?: string; to?: string }): Promise<Output | void> {
  if (opts.from === undefined || opts.to === undefined) throw new UsageError(t('periods.fromTo'), t('periods.fromToHint'));
  return renderPeriodReport(ctx, opts, 'period', (env) => {
    const clock = { now: env.now, tz: env.settings.timezone };
    const from = requireDateInput(opts.from!, '--from', clock).date;
    const to = requireDateInput(opts.to!, '--to', clock).date;
    if (to <= from) throw new UsageError(t('history.toNotAfterFrom', { from, to }), t('history.toNotAfterFromHint'));
    return { from, to };
  });
}

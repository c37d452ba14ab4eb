// The quarterly, yearly and any-period reports: one loader and one builder, a template per kind.
import type { CoreEnv } from '../../core/env.js';
import type { Period } from '../../core/reports/kpis.js';
import { buildPeriodReport } from '../../core/reports/period-report.js';
import type { PeriodKind } from '../../core/reports/period-report.js';
import type { Context } from '../../io/context.js';
import type { Output } from '../../io/output.js';
import { loadReport, renderReport } from './shared.js';
import type { ReportOpts } from './shared.js';

export async function renderPeriodReport(ctx: Context, opts: ReportOpts, kind: PeriodKind, periodOf: (env: CoreEnv) => Period & { quarter?: string; year?: string }): Promise<Output | void> {
  // Only the period itself is read (a yearly report reads a year of attendance and points, no more).
  const { data, env, period, store } = await loadReport(ctx, opts, periodOf, 0);
  const report = buildPeriodReport(data, period, kind, env, { redact: Boolean(opts.redact) });
  return renderReport(ctx, report as unknown as Record<string, unknown>, `${kind}.${env.settings.lang}`, store, opts);
}

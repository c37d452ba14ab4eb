// The declarations of the quarterly, yearly, any-period reports and the newsletter (loaded with the program; the
// code that runs each is loaded only when it runs).
import type { Command } from 'commander';
import { t } from '../../i18n/index.js';
import { leaf } from '../define.js';
import type { Invoke } from '../define.js';

export function registerPeriodReports(report: Command, invoke: Invoke, reportFlags: (cmd: Command, opts?: { last?: boolean }) => Command): void {
  reportFlags(
    leaf(
      report,
      'quarterly',
      { description: t('periods.help.quarterly'), examples: ['club report quarterly', 'club report quarterly --quarter 2026-Q1 --out 2026-Q1.md', 'club report quarterly --last --json | jq .months'] },
      invoke,
      () => import('./quarterly.js'),
    ),
  ).option('--quarter <YYYY-Qn>', t('periods.help.quarter'));
  reportFlags(
    leaf(
      report,
      'yearly',
      { description: t('periods.help.yearly'), examples: ['club report yearly', 'club report yearly --last --out 2025.md', 'club report yearly --year 2026 --json | jq .kpis'] },
      invoke,
      () => import('./yearly.js'),
    ),
  ).option('--year <YYYY>', t('periods.help.year'));
  reportFlags(
    leaf(
      report,
      'period',
      { description: t('periods.help.period'), examples: ['club report period --from 2026-03-01 --to 2026-06-01', 'club report period --from 2026-09-01 --to 2027-01-16 --lang en'] },
      invoke,
      () => import('./period.js'),
    ),
    { last: false },
  )
    .option('--from <date>', t('periods.help.from'))
    .option('--to <date>', t('periods.help.to'));
  reportFlags(
    leaf(
      report,
      'newsletter',
      { description: t('periods.help.newsletter'), examples: ['club report newsletter', 'club report newsletter --last --out newsletter.md', 'club report newsletter --month 2026-03 --lang en'] },
      invoke,
      () => import('./newsletter.js'),
    ),
  ).option('--month <YYYY-MM>', t('periods.help.month'));
}

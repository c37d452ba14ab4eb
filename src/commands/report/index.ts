import type { Command } from 'commander';
import { leaf } from '../define.js';
import type { Invoke } from '../define.js';
import { registerPeriodReports } from './periods-index.js';
import { t } from '../../i18n/index.js';

/** The flags every report takes; `last: false` for a report without a current period (report period). */
function reportFlags(cmd: Command, { last = true } = {}): Command {
  if (last) cmd.option('--last', t('report.opt.last'));
  return cmd
    .option('--lang <lang>', t('report.opt.lang'))
    .option('--template <file>', t('report.opt.template'))
    .option('--out <file>', t('report.opt.out'))
    .option('--format <form>', t('report.opt.format'))
    .option('--chart <file>', t('report.opt.chart'))
    .option('--redact', t('report.opt.redact'))
    .option('--as-of <datetime>', t('report.opt.asOf'));
}

export function registerReportCommands(program: Command, invoke: Invoke): void {
  const report = program.command('report').description(t('periods.help.report'));
  reportFlags(
    leaf(
      report,
      'weekly',
      {
        description: t('report.help.weekly'),
        examples: ['club report weekly', 'club report weekly --last --out reports/$(date +%G-W%V).md', 'club report weekly --week 2026-W10 --lang en', 'club report weekly --last --format text', 'club report weekly --json | jq .kpis'],
      },
      invoke,
      () => import('./weekly.js'),
    ),
  )
    .option('--week <YYYY-Www>', t('report.opt.week'))
    .option('--date <date>', t('report.opt.date'));
  reportFlags(
    leaf(
      report,
      'monthly',
      {
        description: t('report.help.monthly'),
        examples: ['club report monthly', 'club report monthly --month 2026-03 --out 2026-03.md', 'club report monthly --last --lang en --redact', 'club report monthly --format html --out 2026-03.html', 'club report monthly --chart 2026-03.png'],
      },
      invoke,
      () => import('./monthly.js'),
    ),
  ).option('--month <YYYY-MM>', t('report.opt.month'));

  registerPeriodReports(report, invoke, reportFlags);

  const template = program.command('template').description(t('report.help.group.template'));
  leaf(template, 'list', { description: t('report.help.template.list'), csv: true, examples: ['club template list'] }, invoke, () => import('./template-list.js'));
  leaf(template, 'eject <name>', { description: t('report.help.template.eject'), examples: ['club template eject weekly.zh'] }, invoke, () =>
    import('./template-eject.js'),
  )
    .option('--force', t('report.opt.force'))
    .option('--out <file>', t('templateSet.help.out'));
  leaf(template, 'set <name> <file>', { description: t('templateSet.help.set'), examples: ['club template set remind.zh.txt my-remind.txt.hbs', 'club template eject notice.zh.txt --out notice.hbs', 'club template set notice.zh.txt notice.hbs'] }, invoke, () =>
    import('./template-set.js'),
  );
}

import type { Command } from 'commander';
import { leaf } from '../define.js';
import type { Invoke } from '../define.js';
import { t } from '../../i18n/index.js';

function reportFlags(cmd: Command): Command {
  return cmd
    .option('--last', t('report.opt.last'))
    .option('--lang <lang>', t('report.opt.lang'))
    .option('--template <file>', t('report.opt.template'))
    .option('--out <file>', t('report.opt.out'))
    .option('--redact', t('report.opt.redact'))
    .option('--as-of <datetime>', t('report.opt.asOf'));
}

export function registerReportCommands(program: Command, invoke: Invoke): void {
  const report = program.command('report').description(t('report.help.group.report'));
  reportFlags(
    leaf(
      report,
      'weekly',
      {
        description: t('report.help.weekly'),
        examples: ['club report weekly', 'club report weekly --last --out reports/$(date +%G-W%V).md', 'club report weekly --week 2026-W10 --lang en', 'club report weekly --json | jq .kpis'],
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
        examples: ['club report monthly', 'club report monthly --month 2026-03 --out 2026-03.md', 'club report monthly --last --lang en --redact'],
      },
      invoke,
      () => import('./monthly.js'),
    ),
  ).option('--month <YYYY-MM>', t('report.opt.month'));

  const template = program.command('template').description(t('report.help.group.template'));
  leaf(template, 'list', { description: t('report.help.template.list'), csv: true, examples: ['club template list'] }, invoke, () => import('./template-list.js'));
  leaf(template, 'eject <name>', { description: t('report.help.template.eject'), examples: ['club template eject weekly.zh'] }, invoke, () =>
    import('./template-eject.js'),
  ).option('--force', t('report.opt.force'));
}

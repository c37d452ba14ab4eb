import type { Command } from 'commander';
import { leaf } from '../define.js';
import type { Invoke } from '../define.js';
import { registerPeriodReports } from './periods-index.js';
import { t } from '../../i18n/index.js';

/** The flags every report takes; `last: false` for a report without a current period (report period). */
function reportFlags(cmd: Command, { last = true } = {}): Command {
  if (last) cmd.option('--last', 'the previous week, month, quarter or year instead of the current one');
  return cmd
    .option('--lang <lang>', 'zh or en (default: the club language)')
    .option('--template <file>', 'render with this Handlebars template')
    .option('--out <file>', 'write the report to FILE (0600) instead of stdout')
    .option('--format <form>', 'markdown (default), text (for QQ/WeChat: no Markdown, 40 columns) or html (one self-contained page)')
    .option('--chart <file>', 'also write the participation chart to FILE.png or FILE.svg (monthly: the top earners to FILE-earners.png)')
    .option('--redact', "shorten members' names (杨**) for reports posted in public")
    .option('--as-of <datetime>', 'the report as it would have been at this time (like CLUB_NOW)');
}

export function registerReportCommands(program: Command, invoke: Invoke): void {
  const report = program.command('report').description(t('periods.help.report'));
  reportFlags(
    leaf(
      report,
      'weekly',
      {
        description: 'the weekly meeting report (this week unless --week, --date or --last)',
        examples: ['club report weekly', 'club report weekly --last --out reports/$(date +%G-W%V).md', 'club report weekly --week 2026-W10 --lang en', 'club report weekly --last --format text', 'club report weekly --json | jq .kpis'],
      },
      invoke,
      () => import('./weekly.js'),
    ),
  )
    .option('--week <YYYY-Www>', 'the week, e.g. 2026-W10')
    .option('--date <date>', 'the week that holds this date');
  reportFlags(
    leaf(
      report,
      'monthly',
      {
        description: 'the monthly progress report: KPIs against targets, charts, members at risk',
        examples: ['club report monthly', 'club report monthly --month 2026-03 --out 2026-03.md', 'club report monthly --last --lang en --redact', 'club report monthly --format html --out 2026-03.html', 'club report monthly --chart 2026-03.png'],
      },
      invoke,
      () => import('./monthly.js'),
    ),
  ).option('--month <YYYY-MM>', 'the month, e.g. 2026-03');

  registerPeriodReports(report, invoke, reportFlags);

  const template = program.command('template').description('report templates: list them, or copy one into .club/templates/ to change it');
  leaf(template, 'list', { description: 'the templates and which file each report uses', csv: true, examples: ['club template list'] }, invoke, () => import('./template-list.js'));
  leaf(template, 'eject <name>', { description: 'copy a built-in template into .club/templates/ (which then overrides it)', examples: ['club template eject weekly.zh'] }, invoke, () =>
    import('./template-eject.js'),
  )
    .option('--force', 'overwrite an existing override')
    .option('--out <file>', t('templateSet.help.out'));
  leaf(template, 'set <name> <file>', { description: t('templateSet.help.set'), examples: ['club template set remind.zh.txt my-remind.txt.hbs', 'club template eject notice.zh.txt --out notice.hbs', 'club template set notice.zh.txt notice.hbs'] }, invoke, () =>
    import('./template-set.js'),
  );
}

import type { Command } from 'commander';
import { leaf } from '../define.js';
import type { Invoke } from '../define.js';
import { t } from '../../i18n/index.js';

export function registerHoursCommands(program: Command, invoke: Invoke): void {
  const hours = program.command('hours').description(t('hours.help.group'));
  leaf(
    hours,
    'add <member>',
    {
      description: t('hours.help.add'),
      examples: ['club hours add 雅风 --session s12 --hours 2.5', 'club hours add 杨洪勇 --session s12 --hours 1.5 --duty 签到'],
    },
    invoke,
    () => import('./add.js'),
  )
    .requiredOption('--session <session>', t('hours.help.session'))
    .requiredOption('--hours <hours>', t('hours.help.hours'))
    .option('--duty <text>', t('hours.help.duty'));
  leaf(hours, 'remove <entry>', { description: t('hours.help.remove'), examples: ['club hours remove h3'] }, invoke, () => import('./remove.js'));
  leaf(
    hours,
    'list [member]',
    {
      description: t('hours.help.list'),
      csv: true,
      examples: ['club hours list', 'club hours list 雅风 --from 2026-01-01 --to 2027-01-01', 'club hours list --from 2026-03-01 --to 2026-04-01 --csv'],
    },
    invoke,
    () => import('./list.js'),
  )
    .option('--from <date>', t('hours.help.from'))
    .option('--to <date>', t('hours.help.to'));
  leaf(
    hours,
    'certificate <member>',
    {
      description: t('hours.help.certificate'),
      examples: ['club hours certificate 雅风', 'club hours certificate 雅风 --from 2026-01-01 --to 2027-01-01 --out 雅风-2026.md', 'club hours certificate m2 --lang en'],
    },
    invoke,
    () => import('./certificate.js'),
  )
    .option('--from <date>', t('hours.help.from'))
    .option('--to <date>', t('hours.help.to'))
    .option('--lang <lang>', t('hours.help.lang'))
    .option('--template <file>', t('hours.help.template'))
    .option('--out <file>', t('hours.help.out'));
}

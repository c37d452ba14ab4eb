import type { Command } from 'commander';
import { leaf } from '../define.js';
import type { Invoke } from '../define.js';

export function registerHoursCommands(program: Command, invoke: Invoke): void {
  const hours = program.command('hours').description("volunteer hours: per member and session, totals, certificates");
  leaf(
    hours,
    'add <member>',
    {
      description: 'record hours a member gave at a session (adding again replaces the entry, keeping its id)',
      examples: ['club hours add 雅风 --session s12 --hours 2.5', 'club hours add 杨洪勇 --session s12 --hours 1.5 --duty 签到'],
    },
    invoke,
    () => import('./add.js'),
  )
    .requiredOption('--session <session>', 'the session')
    .requiredOption('--hours <hours>', 'above 0, at most 24, at most two decimals: 1.5, 2.25')
    .option('--duty <text>', "what they did (default: their staff duty at the session)");
  leaf(hours, 'remove <entry>', { description: 'remove an hours entry', examples: ['club hours remove h3'] }, invoke, () => import('./remove.js'));
  leaf(
    hours,
    'list [member]',
    {
      description: 'hours entries (of a member), with their total',
      csv: true,
      examples: ['club hours list', 'club hours list 雅风 --from 2026-01-01 --to 2027-01-01', 'club hours list --from 2026-03-01 --to 2026-04-01 --csv'],
    },
    invoke,
    () => import('./list.js'),
  )
    .option('--from <date>', 'sessions on or after this date')
    .option('--to <date>', 'sessions before this date (the first day left out)');
  leaf(
    hours,
    'certificate <member>',
    {
      description: 'a service-hours certificate (Markdown) from the certificate.zh/en template',
      examples: ['club hours certificate 雅风', 'club hours certificate 雅风 --from 2026-01-01 --to 2027-01-01 --out 雅风-2026.md', 'club hours certificate m2 --lang en'],
    },
    invoke,
    () => import('./certificate.js'),
  )
    .option('--from <date>', 'sessions on or after this date')
    .option('--to <date>', 'sessions before this date (the first day left out)')
    .option('--lang <lang>', 'zh or en (default: the club language)')
    .option('--template <file>', 'render with this Handlebars template')
    .option('--out <file>', 'write the Markdown to FILE (0600) instead of stdout');
}

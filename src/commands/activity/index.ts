import type { Command } from 'commander';
import { leaf } from '../define.js';
import type { Invoke } from '../define.js';

export function registerActivityCommands(program: Command, invoke: Invoke): void {
  const activity = program.command('activity').description('activities: plans and approval, results and evaluation');
  leaf(
    activity,
    'results <session>',
    {
      description: 'the results announcement to post after an activity (Markdown, from the results.zh or results.en template)',
      examples: ['club activity results s12', 'club activity results s12 --out 结果公告.md', 'club activity results s12 --lang en --json'],
    },
    invoke,
    () => import('./results.js'),
  )
    .option('--lang <lang>', "zh or en (default: the club's language)")
    .option('--template <file>', 'render with this template instead of results.<lang>')
    .option('--out <file>', 'write the Markdown to a file (atomically) instead of stdout');
  leaf(
    activity,
    'evaluate <session>',
    {
      description: 'the evaluation of an activity: registered, attended, no-shows, fill and attendance rates, satisfaction and NPS of its survey, staff hours, against the last three of its type',
      examples: ['club activity evaluate s12', 'club activity evaluate s12 --json'],
    },
    invoke,
    () => import('./evaluate.js'),
  );
}

import type { Command } from 'commander';
import { leaf } from '../define.js';
import type { Invoke } from '../define.js';

export function registerActivityCommands(program: Command, invoke: Invoke): void {
  const activity = program.command('activity').description('activities: a session\'s plan and its approval (plan, submit, review, approve)');
  leaf(
    activity,
    'plan <session>',
    {
      description: 'attach or replace the plan of a session (a YAML or JSON file; without --file, a form at a terminal); the plan becomes a draft',
      examples: ['club activity plan s12 --file 知识竞赛.yaml', 'cat plan.json | club activity plan s12 --file -', 'club activity plan s12     # at a terminal: a form, prefilled when editing'],
    },
    invoke,
    () => import('./plan.js'),
  ).option('--file <file>', 'the plan: YAML or JSON (- reads stdin)');
  leaf(activity, 'submit <session>', { description: 'submit the draft plan for review', examples: ['club activity submit s12 --by 杨洪勇'] }, invoke, () => import('./submit.js')).option(
    '--comment <text>',
    'a comment kept with the step',
  );
  leaf(
    activity,
    'review <session>',
    { description: 'review a submitted plan: --ok passes it on for approval, --return sends it back (with a comment); not by the submitter', examples: ['club activity review s12 --ok --by 雅风', 'club activity review s12 --return --comment "预算需细化" --by 雅风'] },
    invoke,
    () => import('./review.js'),
  )
    .option('--ok', 'the plan is fine: on to approval')
    .option('--return', 'send the plan back to be edited (needs --comment)')
    .option('--comment <text>', 'a comment kept with the step');
  leaf(activity, 'approve <session>', { description: 'approve a reviewed plan; neither by the submitter nor by the reviewer', examples: ['club activity approve s12 --by 李雷'] }, invoke, () =>
    import('./approve.js'),
  ).option('--comment <text>', 'a comment kept with the step');
  leaf(activity, 'reject <session>', { description: 'reject a reviewed plan, for good; neither by the submitter nor by the reviewer', examples: ['club activity reject s12 --reason "场地无法落实" --by 李雷'] }, invoke, () =>
    import('./reject.js'),
  )
    .option('--reason <text>', 'why (required)')
    .option('--comment <text>', 'a comment kept with the step');
  leaf(
    activity,
    'list',
    { description: 'sessions with a plan or needing one, and where each plan stands', csv: true, examples: ['club activity list', 'club activity list --status submitted', 'club activity list --json'] },
    invoke,
    () => import('./list.js'),
  ).option('--status <status>', 'none|draft|submitted|reviewed|approved|rejected|returned');
  leaf(activity, 'show <session>', { description: 'the plan, its approval history, registrations, staff, hours and budget', examples: ['club activity show s12', 'club activity show s12 --json'] }, invoke, () =>
    import('./show.js'),
  );
}

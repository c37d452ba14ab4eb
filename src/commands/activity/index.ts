import type { Command } from 'commander';
import { leaf } from '../define.js';
import type { Invoke } from '../define.js';
import { t } from '../../i18n/index.js';

export function registerActivityCommands(program: Command, invoke: Invoke): void {
  const activity = program.command('activity').description(t('activity.help.group'));
  leaf(
    activity,
    'plan <session>',
    {
      description: t('activity.help.plan'),
      examples: ['club activity plan s12 --file 知识竞赛.yaml', 'cat plan.json | club activity plan s12 --file -', 'club activity plan s12     # at a terminal: a form, prefilled when editing'],
    },
    invoke,
    () => import('./plan.js'),
  ).option('--file <file>', t('activity.help.file'));
  leaf(activity, 'submit <session>', { description: t('activity.help.submit'), examples: ['club activity submit s12 --by 杨洪勇'] }, invoke, () => import('./submit.js')).option(
    '--comment <text>',
    t('activity.help.comment'),
  );
  leaf(
    activity,
    'review <session>',
    { description: t('activity.help.review'), examples: ['club activity review s12 --ok --by 雅风', 'club activity review s12 --return --comment "预算需细化" --by 雅风'] },
    invoke,
    () => import('./review.js'),
  )
    .option('--ok', t('activity.help.ok'))
    .option('--return', t('activity.help.return'))
    .option('--comment <text>', t('activity.help.comment'));
  leaf(activity, 'approve <session>', { description: t('activity.help.approve'), examples: ['club activity approve s12 --by 李雷'] }, invoke, () =>
    import('./approve.js'),
  ).option('--comment <text>', t('activity.help.comment'));
  leaf(activity, 'reject <session>', { description: t('activity.help.reject'), examples: ['club activity reject s12 --reason "场地无法落实" --by 李雷'] }, invoke, () =>
    import('./reject.js'),
  )
    .option('--reason <text>', t('activity.help.reason'))
    .option('--comment <text>', t('activity.help.comment'));
  leaf(
    activity,
    'list',
    { description: t('activity.help.list'), csv: true, examples: ['club activity list', 'club activity list --status submitted', 'club activity list --json'] },
    invoke,
    () => import('./list.js'),
  ).option('--status <status>', t('activity.help.status'));
  leaf(activity, 'show <session>', { description: t('activity.help.show'), examples: ['club activity show s12', 'club activity show s12 --json'] }, invoke, () =>
    import('./show.js'),
  );
  leaf(
    activity,
    'results <session>',
    {
      description: t('results.help.results'),
      examples: ['club activity results s12', 'club activity results s12 --out 结果公告.md', 'club activity results s12 --lang en --json'],
    },
    invoke,
    () => import('./results.js'),
  )
    .option('--lang <lang>', t('results.help.lang'))
    .option('--template <file>', t('results.help.template'))
    .option('--out <file>', t('results.help.out'));
  leaf(
    activity,
    'evaluate <session>',
    {
      description: t('results.help.evaluate'),
      examples: ['club activity evaluate s12', 'club activity evaluate s12 --json'],
    },
    invoke,
    () => import('./evaluate.js'),
  );
}

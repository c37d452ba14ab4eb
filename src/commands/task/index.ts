import type { Command } from 'commander';
import { leaf } from '../define.js';
import type { Invoke } from '../define.js';
import { t } from '../../i18n/index.js';

export function registerTaskCommands(program: Command, invoke: Invoke): void {
  const task = program.command('task').description(t('task.help.group.task'));
  leaf(task, 'add <title>', { description: t('task.help.add'), examples: ['club task add "整理3月读书笔记" --owner 雅风 --due 2026-03-20', 'club task add "订会议室" --session s12 --due tomorrow'] }, invoke, () =>
    import('./add.js'),
  )
    .option('--owner <member>', t('task.opt.owner'))
    .option('--due <date>', t('task.opt.due'))
    .option('--session <session>', t('task.opt.session'));
  leaf(task, 'done <task>', { description: t('task.help.done'), examples: ['club task done t3'] }, invoke, () => import('./done.js'));
  leaf(task, 'cancel <task>', { description: t('task.help.cancel'), examples: ['club task cancel t3 --reason "活动取消"'] }, invoke, () =>
    import('./cancel.js'),
  ).option('--reason <text>', t('task.opt.reason'));
  leaf(task, 'list', { description: t('task.help.list'), csv: true, examples: ['club task list --open', 'club task list --overdue --owner 雅风', 'club task list --done --json', 'club task list --cancelled'] }, invoke, () =>
    import('./list.js'),
  )
    .option('--open', t('task.opt.open'))
    .option('--done', t('task.opt.done'))
    .option('--overdue', t('task.opt.overdue'))
    .option('--cancelled', t('task.opt.cancelled'))
    .option('--owner <member>', t('task.opt.owner2'));
}

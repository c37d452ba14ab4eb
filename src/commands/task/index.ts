import type { Command } from 'commander';
import { leaf } from '../define.js';
import type { Invoke } from '../define.js';

export function registerTaskCommands(program: Command, invoke: Invoke): void {
  const task = program.command('task').description('tasks: owners, due dates, overdue');
  leaf(task, 'add <title>', { description: 'add a task', examples: ['club task add "整理3月读书笔记" --owner 雅风 --due 2026-03-20', 'club task add "订会议室" --session s12 --due tomorrow'] }, invoke, () =>
    import('./add.js'),
  )
    .option('--owner <member>', 'who does it')
    .option('--due <date>', 'when it is due')
    .option('--session <session>', 'the session it belongs to');
  leaf(task, 'done <task>', { description: 'mark a task done', examples: ['club task done t3'] }, invoke, () => import('./done.js'));
  leaf(task, 'cancel <task>', { description: 'cancel an open task: it is no longer to be done, and never overdue', examples: ['club task cancel t3 --reason "活动取消"'] }, invoke, () =>
    import('./cancel.js'),
  ).option('--reason <text>', 'why');
  leaf(task, 'list', { description: 'list tasks', csv: true, examples: ['club task list --open', 'club task list --overdue --owner 雅风', 'club task list --done --json', 'club task list --cancelled'] }, invoke, () =>
    import('./list.js'),
  )
    .option('--open', 'only open tasks')
    .option('--done', 'only done tasks')
    .option('--overdue', 'only open tasks past their due date')
    .option('--cancelled', 'only cancelled tasks')
    .option('--owner <member>', "only this member's tasks");
}

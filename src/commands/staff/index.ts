import type { Command } from 'commander';
import { leaf } from '../define.js';
import type { Invoke } from '../define.js';
import { t } from '../../i18n/index.js';

export function registerStaffCommands(program: Command, invoke: Invoke): void {
  const staff = program.command('staff').description(t('staff.help.group'));
  leaf(
    staff,
    'add <session> <member>',
    { description: t('staff.help.add'), examples: ['club staff add s12 雅风 --duty 摄影', 'club staff add s12 杨洪勇 --duty "主持人 MC"'] },
    invoke,
    () => import('./add.js'),
  ).requiredOption('--duty <text>', t('staff.help.duty'));
  leaf(
    staff,
    'list [session]',
    { description: t('staff.help.list'), csv: true, examples: ['club staff list s12', 'club staff list --json'] },
    invoke,
    () => import('./list.js'),
  );
  leaf(staff, 'remove <session> <member>', { description: t('staff.help.remove'), examples: ['club staff remove s12 雅风'] }, invoke, () => import('./remove.js'));
}

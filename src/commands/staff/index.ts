import type { Command } from 'commander';
import { leaf } from '../define.js';
import type { Invoke } from '../define.js';

export function registerStaffCommands(program: Command, invoke: Invoke): void {
  const staff = program.command('staff').description("staff duties: who does what at a session (host, MC, tech, photos…)");
  leaf(
    staff,
    'add <session> <member>',
    { description: "give a member a duty at a session (adding again replaces it)", examples: ['club staff add s12 雅风 --duty 摄影', 'club staff add s12 杨洪勇 --duty "主持人 MC"'] },
    invoke,
    () => import('./add.js'),
  ).requiredOption('--duty <text>', 'what they do, on one line');
  leaf(
    staff,
    'list [session]',
    { description: 'the staff of a session, or of every session', csv: true, examples: ['club staff list s12', 'club staff list --json'] },
    invoke,
    () => import('./list.js'),
  );
  leaf(staff, 'remove <session> <member>', { description: "take a member's duty at a session away", examples: ['club staff remove s12 雅风'] }, invoke, () => import('./remove.js'));
}

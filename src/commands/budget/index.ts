import type { Command } from 'commander';
import { leaf } from '../define.js';
import type { Invoke } from '../define.js';
import { t } from '../../i18n/index.js';

export function registerBudgetCommands(program: Command, invoke: Invoke): void {
  const budget = program.command('budget').description(t('budget.help.group'));
  leaf(
    budget,
    'set <session>',
    {
      description: t('budget.help.set'),
      examples: ['club budget set s12 --category rewards --amount 300', 'club budget set s12 --category materials --amount 1,280.00 --note 打印和文具', 'club budget set s12 --category tech --amount 150 --force'],
    },
    invoke,
    () => import('./set.js'),
  )
    .requiredOption('--category <category>', t('budget.help.category'))
    .requiredOption('--amount <amount>', t('budget.help.amount'))
    .option('--note <text>', t('budget.help.note'))
    .option('--force', t('budget.help.force'));
  leaf(
    budget,
    'show [session]',
    { description: t('budget.help.show'), csv: true, examples: ['club budget show', 'club budget show s12', 'club budget show --csv'] },
    invoke,
    () => import('./show.js'),
  );
}

import type { Command } from 'commander';
import { collect, leaf } from '../define.js';
import type { Invoke } from '../define.js';
import { t } from '../../i18n/index.js';

export function registerExpenseCommands(program: Command, invoke: Invoke): void {
  const expense = program.command('expense').description(t('expense.help.group'));
  leaf(
    expense,
    'add',
    {
      description: t('expense.help.add'),
      examples: [
        'club expense add --amount 128.50 --category rewards --session s12 --payee 雅风 --note 奖品书签 --receipt 发票.jpg',
        'club expense add --amount ¥1,280.00 --category materials --session s12 --payee 文具店 --note 打印 --date 2026-04-02',
        'club expense add --amount 90 --category tech --session s12 --payee 杨洪勇 --note 投影仪租用 --force',
      ],
    },
    invoke,
    () => import('./add.js'),
  )
    .requiredOption('--amount <amount>', t('expense.help.amount'))
    .requiredOption('--category <category>', t('expense.help.category'))
    .option('--session <session>', t('expense.help.session'))
    .requiredOption('--payee <member|text>', t('expense.help.payee'))
    .requiredOption('--note <text>', t('expense.help.note'))
    .option('--receipt <file>', t('expense.help.receipt'), collect)
    .option('--date <date>', t('expense.help.date'))
    .option('--force', t('expense.help.force'));
  leaf(expense, 'approve <expense>', { description: t('expense.help.approve'), examples: ['club expense approve e3', 'club expense approve e4 --force'] }, invoke, () => import('./approve.js')).option(
    '--force',
    t('expense.help.force'),
  );
  leaf(expense, 'reject <expense>', { description: t('expense.help.reject'), examples: ['club expense reject e5 --reason 没有发票'] }, invoke, () => import('./reject.js')).requiredOption(
    '--reason <text>',
    t('expense.help.reason'),
  );
  leaf(expense, 'pay <expense>', { description: t('expense.help.pay'), examples: ['club expense pay e3', 'club expense pay e3 --date 2026-04-05'] }, invoke, () => import('./pay.js')).option(
    '--date <date>',
    t('expense.help.payDate'),
  );
  leaf(
    expense,
    'list',
    { description: t('expense.help.list'), csv: true, examples: ['club expense list', 'club expense list --status submitted', 'club expense list --session s12 --csv'] },
    invoke,
    () => import('./list.js'),
  )
    .option('--status <status>', t('expense.help.status'))
    .option('--session <session>', t('expense.help.session'));
  leaf(
    expense,
    'receipt <expense>',
    { description: t('expense.help.receiptOut'), examples: ['club expense receipt e3', 'club expense receipt e3 --out 发票'] },
    invoke,
    () => import('./receipt.js'),
  ).option('--out <dir>', t('expense.help.out'));
}

import type { Command } from 'commander';
import { leaf } from '../define.js';
import type { Invoke } from '../define.js';
import { t } from '../../i18n/index.js';

export function registerRegisterCommands(program: Command, invoke: Invoke): void {
  const register = leaf(
    program,
    'register <session> [members...]',
    {
      description: t('register.description'),
      examples: ['club register s12 杨洪勇 雅风 m7', 'club register s12 雅风 --note "带一位朋友"', 'club register s12 m31 --force'],
    },
    invoke,
    () => import('./register.js'),
  )
    .option('--note <text>', t('register.noteOption'))
    .option('--force', t('register.forceOption'));

  leaf(register, 'cancel <session> <member>', { description: t('register.cancel.description'), examples: ['club register cancel s12 雅风'] }, invoke, () => import('./cancel.js')).option(
    '--force',
    t('register.cancel.forceOption'),
  );

  leaf(register, 'list <session>', { description: t('register.list.description'), csv: true, examples: ['club register list s12', 'club register list s12 --json', 'club register list s12 --csv --bom > 报名.csv'] }, invoke, () =>
    import('./list.js'),
  );

  leaf(
    register,
    'import <session> <file>',
    {
      description: t('register.import.description'),
      examples: ['club register import s12 接龙.txt', 'club register import s12 问卷星导出.xlsx --skip-unmatched', 'club register import s12 form.csv --encoding gbk', 'pbpaste | club register import s12 -'],
    },
    invoke,
    () => import('./import.js'),
  )
    .option('--skip-unmatched', t('register.import.skipOption'))
    .option('--sheet <name>', t('register.import.sheetOption'))
    .option('--encoding <enc>', t('register.import.encodingOption'));
}

import type { Command } from 'commander';
import { collect, leaf } from '../define.js';
import type { Invoke } from '../define.js';
import { t } from '../../i18n/index.js';

export function registerSurveyCommands(program: Command, invoke: Invoke): void {
  const survey = program.command('survey').description(t('survey.help.group.survey'));
  leaf(
    survey,
    'create',
    {
      description: t('survey.help.create'),
      examples: ['club survey create --from 2026-03-满意度.yaml', 'club survey create', 'club survey create --from 赛后问卷.yaml --session s12'],
    },
    invoke,
    () => import('./create.js'),
  )
    .option('--from <file>', t('survey.opt.from'))
    .option('--session <session>', t('survey.opt.session'));
  leaf(survey, 'list', { description: t('survey.help.list'), csv: true, examples: ['club survey list'] }, invoke, () => import('./list.js'));
  leaf(survey, 'show <survey>', { description: t('survey.help.show'), examples: ['club survey show v1'] }, invoke, () => import('./show.js'));
  leaf(survey, 'open <survey>', { description: t('survey.help.open'), examples: ['club survey open v1'] }, invoke, () => import('./open.js'));
  leaf(survey, 'close <survey>', { description: t('survey.help.close'), examples: ['club survey close v1'] }, invoke, () => import('./close.js'));
  leaf(
    survey,
    'take <survey>',
    { description: t('survey.help.take'), examples: ['club survey take v1 --member 雅风', 'club survey take v2 --anonymous'] },
    invoke,
    () => import('./take.js'),
  )
    .option('--member <member>', t('survey.opt.member'))
    .option('--anonymous', t('survey.opt.anonymous'))
    .option('--replace', t('survey.opt.replace'));
  leaf(
    survey,
    'answer <survey>',
    { description: t('survey.help.answer'), examples: [`club survey answer v1 --member 雅风 --answers '{"q1": 5, "q2": 9, "q3": "读书分享"}'`, `club survey answer v2 --anonymous --answers '{"q1": 4}'`] },
    invoke,
    () => import('./answer.js'),
  )
    .requiredOption('--answers <json>', t('survey.opt.answers'))
    .option('--member <member>', t('survey.opt.member'))
    .option('--anonymous', t('survey.opt.anonymous'))
    .option('--replace', t('survey.opt.replace'));
  leaf(
    survey,
    'import <survey> <file>',
    {
      description: t('survey.help.import'),
      examples: ['club survey import v1 问卷星导出.xlsx --dry-run', 'club survey import v1 问卷星导出.csv --dry-run', 'club survey import v1 responses.csv --map "Overall=q1"', 'club survey import v1 问卷星导出.csv --skip-unmatched'],
    },
    invoke,
    () => import('./import.js'),
  )
    .option('--map <header=question>', t('survey.opt.map'), collect)
    .option('--encoding <enc>', t('survey.opt.encoding'))
    .option('--sheet <name|n>', t('survey.opt.sheet'))
    .option('--dry-run', t('survey.opt.dryRun'))
    .option('--replace', t('survey.opt.replace2'))
    .option('--skip-unmatched', t('survey.opt.skipUnmatched'));
  leaf(survey, 'pending <survey>', { description: t('survey.help.pending'), csv: true, examples: ['club survey pending v1', 'club survey pending v1 --csv'] }, invoke, () =>
    import('./pending.js'),
  );
  leaf(survey, 'results <survey>', { description: t('survey.help.results'), examples: ['club survey results v1', 'club survey results v1 --json'] }, invoke, () =>
    import('./results.js'),
  );

  const feedback = program.command('feedback').description(t('survey.help.group.feedback'));
  leaf(feedback, 'add <text>', { description: t('survey.help.feedback.add'), examples: ['club feedback add "希望多组织线下活动" --anonymous', 'club feedback add "建议换个时间" --member 雅风'] }, invoke, () =>
    import('./feedback-add.js'),
  )
    .option('--member <member>', t('survey.opt.member2'))
    .option('--anonymous', t('survey.opt.anonymous2'));
  leaf(feedback, 'list', { description: t('survey.help.feedback.list'), csv: true, examples: ['club feedback list --from 2026-03-01'] }, invoke, () => import('./feedback-list.js'))
    .option('--from <date>', t('survey.opt.from2'))
    .option('--to <date>', t('survey.opt.to'));
}

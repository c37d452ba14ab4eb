import type { Command } from 'commander';
import { collect, leaf } from '../define.js';
import type { Invoke } from '../define.js';

export function registerSurveyCommands(program: Command, invoke: Invoke): void {
  const survey = program.command('survey').description('surveys: satisfaction, NPS, form imports, who has not answered');
  leaf(
    survey,
    'create',
    {
      description: 'create a survey (draft) from a JSON or YAML file; at a terminal without --from, a builder',
      examples: ['club survey create --from 2026-03-满意度.yaml', 'club survey create', 'club survey create --from 赛后问卷.yaml --session s12'],
    },
    invoke,
    () => import('./create.js'),
  )
    .option('--from <file>', 'the survey file (JSON or YAML)')
    .option('--session <session>', 'the session it asks about: activity evaluate counts its answers');
  leaf(survey, 'list', { description: 'every survey with its response count', csv: true, examples: ['club survey list'] }, invoke, () => import('./list.js'));
  leaf(survey, 'show <survey>', { description: 'the questions', examples: ['club survey show v1'] }, invoke, () => import('./show.js'));
  leaf(survey, 'open <survey>', { description: 'start taking answers (the response rate counts members active now)', examples: ['club survey open v1'] }, invoke, () => import('./open.js'));
  leaf(survey, 'close <survey>', { description: 'stop taking answers', examples: ['club survey close v1'] }, invoke, () => import('./close.js'));
  leaf(
    survey,
    'take <survey>',
    { description: 'answer at a terminal, one prompt per question', examples: ['club survey take v1 --member 雅风', 'club survey take v2 --anonymous'] },
    invoke,
    () => import('./take.js'),
  )
    .option('--member <member>', 'who answers')
    .option('--anonymous', 'for anonymous surveys')
    .option('--replace', "replace the member's earlier answer");
  leaf(
    survey,
    'answer <survey>',
    { description: 'answer from a script', examples: [`club survey answer v1 --member 雅风 --answers '{"q1": 5, "q2": 9, "q3": "读书分享"}'`, `club survey answer v2 --anonymous --answers '{"q1": 4}'`] },
    invoke,
    () => import('./answer.js'),
  )
    .requiredOption('--answers <json>', 'the answers as a JSON object keyed by question id')
    .option('--member <member>', 'who answers')
    .option('--anonymous', 'for anonymous surveys')
    .option('--replace', "replace the member's earlier answer");
  leaf(
    survey,
    'import <survey> <file>',
    {
      description: 'import responses from a form export, xlsx or CSV (Wenjuanxing, Tencent Docs, Google Forms); all or nothing',
      examples: ['club survey import v1 问卷星导出.xlsx --dry-run', 'club survey import v1 问卷星导出.csv --dry-run', 'club survey import v1 responses.csv --map "Overall=q1"', 'club survey import v1 问卷星导出.csv --skip-unmatched'],
    },
    invoke,
    () => import('./import.js'),
  )
    .option('--map <header=question>', 'map a column to a question id, or to member, timestamp or ignore (repeatable)', collect)
    .option('--encoding <enc>', 'utf8 or gbk (default: detected; CSV only)')
    .option('--sheet <name|n>', 'the sheet of an xlsx workbook to read, by name or number (default: the first)')
    .option('--dry-run', 'check and count; change nothing')
    .option('--replace', "replace members' earlier answers")
    .option('--skip-unmatched', 'leave out, and list, the rows of respondents who match no member (guests) instead of refusing the file');
  leaf(survey, 'pending <survey>', { description: 'active members who have not answered (named surveys)', csv: true, examples: ['club survey pending v1', 'club survey pending v1 --csv'] }, invoke, () =>
    import('./pending.js'),
  );
  leaf(survey, 'results <survey>', { description: 'results per question: satisfaction, NPS, counts, text answers', examples: ['club survey results v1', 'club survey results v1 --json'] }, invoke, () =>
    import('./results.js'),
  );

  const feedback = program.command('feedback').description('the suggestion box');
  leaf(feedback, 'add <text>', { description: 'add a suggestion, signed or anonymous', examples: ['club feedback add "希望多组织线下活动" --anonymous', 'club feedback add "建议换个时间" --member 雅风'] }, invoke, () =>
    import('./feedback-add.js'),
  )
    .option('--member <member>', 'who it is from')
    .option('--anonymous', 'from nobody in particular (the default)');
  leaf(feedback, 'list', { description: 'the suggestions', csv: true, examples: ['club feedback list --from 2026-03-01'] }, invoke, () => import('./feedback-list.js'))
    .option('--from <date>', 'from this date')
    .option('--to <date>', 'before this date');
}

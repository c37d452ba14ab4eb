import { allowed } from '../../core/surveys/answers.js';
import { findSurvey } from '../../core/surveys/surveys.js';
import type { Context } from '../../io/context.js';
import type { Output } from '../../io/output.js';

export default async function surveyShow(ctx: Context, [ref]: unknown[]): Promise<Output> {
  const store = await ctx.openStore();
  const { surveys } = await store.read(['surveys']);
  const survey = findSurvey(surveys, String(ref));
  return {
    kind: 'item',
    data: survey,
    render: (s) =>
      [
        `${s.bold(survey.title)} ${s.dim(survey.id)}  ${survey.status}${survey.anonymous ? '  anonymous' : ''}`,
        ...survey.questions.map((q) => `  ${s.cyan(q.id)} ${q.text}${q.required ? '' : s.dim(' (optional)')}\n      ${s.dim(`${q.type}${q.satisfaction ? ', satisfaction' : ''}: ${allowed(q)}`)}`),
      ].join('\n'),
  };
}

import { allowed } from '../../core/surveys/answers.js';
import { findSurvey } from '../../core/surveys/surveys.js';
import { t, enumLabel } from '../../i18n/index.js';
import type { Context } from '../../io/context.js';
import type { Output } from '../../io/output.js';

export default async function surveyShow(ctx: Context, [ref]: unknown[]): Promise<Output> {
  const store = await ctx.openStore();
  const { surveys, sessions } = await store.read(['surveys', 'sessions']);
  const survey = findSurvey(surveys, String(ref));
  const session = survey.sessionId ? sessions.find((x) => x.id === survey.sessionId) : undefined;
  return {
    kind: 'item',
    data: { ...survey, sessionId: survey.sessionId ?? null },
    render: (s) =>
      [
        `${s.bold(survey.title)} ${s.dim(survey.id)}  ${survey.status}${survey.anonymous ? '  anonymous' : ''}`,
        ...(survey.sessionId ? [`  ${t('results.surveyFor', { session: survey.sessionId, title: session?.title ?? '' }).trimEnd()}`] : []),
        ...survey.questions.map((q) => `  ${s.cyan(q.id)} ${q.text}${q.required ? '' : s.dim(t('survey.optionalMark'))}\n      ${s.dim(`${enumLabel(q.type)}${q.satisfaction ? t('survey.satisfactionMark') : ''}${t('survey.allowedSep')}${allowed(q)}`)}`),
      ].join('\n'),
  };
}

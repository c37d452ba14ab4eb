import { closeSurvey } from '../../core/surveys/surveys.js';
import type { Context } from '../../io/context.js';
import type { Output } from '../../io/output.js';
import { surveyTransaction } from './shared.js';
import { t } from '../../i18n/index.js';

export default async function surveyClose(ctx: Context, [ref]: unknown[]): Promise<Output> {
  const survey = await surveyTransaction(ctx, [], (draft, env) => {
    const r = closeSurvey(draft.surveys, String(ref), env);
    draft.surveys = r.surveys;
    return { result: r.survey, audit: { summary: `closed survey ${r.survey.id}`, refs: [r.survey.id] } };
  });
  return { kind: 'done', data: survey, message: t('survey.closed', { id: survey.id, title: survey.title }) };
}

import { openSurvey } from '../../core/surveys/surveys.js';
import type { Context } from '../../io/context.js';
import type { Output } from '../../io/output.js';
import { surveyTransaction } from './shared.js';
import { t } from '../../i18n/index.js';

export default async function surveyOpen(ctx: Context, [ref]: unknown[]): Promise<Output> {
  const survey = await surveyTransaction(ctx, [], (draft, env) => {
    const r = openSurvey(draft.surveys, draft.members, String(ref), env);
    draft.surveys = r.surveys;
    return { result: r.survey, audit: { summary: `opened survey ${r.survey.id}`, refs: [r.survey.id] } };
  });
  return { kind: 'done', data: survey, message: t('survey.opened', { id: survey.id, title: survey.title }) };
}

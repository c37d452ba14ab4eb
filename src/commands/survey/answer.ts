import { UsageError } from '../../core/errors.js';
import { validateAnswers } from '../../core/surveys/answers.js';
import { addResponse, findSurvey, respondent } from '../../core/surveys/surveys.js';
import type { Answer } from '../../core/surveys/types.js';
import type { Context } from '../../io/context.js';
import type { Output } from '../../io/output.js';
import { refuseDeepNesting } from '../../io/nesting.js';
import { surveyTransaction } from './shared.js';
import { t } from '../../i18n/index.js';

export interface AnswerOpts {
  member?: string;
  anonymous?: boolean;
  replace?: boolean;
}

/** Records one response in one transaction; `answers` gets the survey to build them (prompts run before). */
export async function recordResponse(ctx: Context, ref: string, opts: AnswerOpts, answers: Record<string, Answer> | ((questions: ReturnType<typeof findSurvey>) => Record<string, Answer>)): Promise<Output> {
  const r = await surveyTransaction(ctx, [], (draft, env) => {
    const survey = findSurvey(draft.surveys, ref);
    const member = respondent(survey, draft.members, opts);
    const values = typeof answers === 'function' ? answers(survey) : answers;
    const added = addResponse(survey, draft.responses, member, values, ctx.now, { replace: Boolean(opts.replace) }, env);
    draft.responses = added.responses;
    const who = member ? `${member.id} ${member.name}` : 'an anonymous member';
    return { result: { ...added, who }, audit: { summary: `${member ? member.id : 'an anonymous member'} ${added.replaced ? 'replaced their answer to' : 'answered'} ${survey.id}`, refs: [survey.id, ...(member ? [member.id] : [])] } };
  });
  const who = r.who === 'an anonymous member' ? t('survey.anonymousMember') : r.who;
  return { kind: 'done', data: r.response, message: t(r.replaced ? 'survey.replacedAnswer' : 'survey.answered', { who, id: r.response.surveyId }) };
}

export default async function surveyAnswer(ctx: Context, [ref]: unknown[], opts: AnswerOpts & { answers: string }): Promise<Output> {
  let raw: unknown;
  try {
    raw = JSON.parse(opts.answers);
  } catch (err) {
    throw new UsageError(t('survey.answersIsNotValid', { value: (err as Error).message }), t('survey.eGAnswersQ'));
  }
  refuseDeepNesting(raw, '--answers');
  return recordResponse(ctx, String(ref), opts, (survey) => validateAnswers(survey.questions, raw));
}

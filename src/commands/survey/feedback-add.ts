import { addFeedback } from '../../core/surveys/surveys.js';
import type { Context } from '../../io/context.js';
import type { Output } from '../../io/output.js';
import { surveyTransaction } from './shared.js';
import { t } from '../../i18n/index.js';

export default async function feedbackAdd(ctx: Context, [text]: unknown[], opts: { member?: string; anonymous?: boolean }): Promise<Output> {
  const item = await surveyTransaction(ctx, ['feedback'], (draft, env) => {
    const r = addFeedback(draft.feedback, draft.meta.counters, draft.members, String(text), opts, env);
    draft.feedback = r.feedback;
    draft.meta = { ...draft.meta, counters: r.counters };
    return { result: r.item, audit: { summary: `feedback ${r.item.id}${r.member ? ` from ${r.member.id}` : ' (anonymous)'}`, refs: [r.item.id, ...(r.member ? [r.member.id] : [])] } };
  });
  return { kind: 'done', data: item, message: t(item.memberId ? 'survey.thanksFeedbackRecorded' : 'survey.thanksFeedbackAnonymous', { id: item.id }) };
}

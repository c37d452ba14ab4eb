import { remindSurvey } from '../../core/messages/remind.js';
import { findSurvey } from '../../core/surveys/surveys.js';
import type { Context } from '../../io/context.js';
import type { Output } from '../../io/output.js';
import { t } from '../../i18n/index.js';
import { chatEnv } from '../notice/chat.js';
import type { ChatOpts } from '../notice/chat.js';
import { remindMessage } from './shared.js';

export default async function remindSurveyCommand(ctx: Context, [ref]: unknown[], opts: ChatOpts): Promise<Output | void> {
  const store = await ctx.openStore();
  // A survey about a session expects those who came to it: that session's attendance only.
  const { meta, surveys, members, responses, attendance } = await store.read(['surveys', 'members', 'responses', 'attendance'], ({ surveys }) => {
    const sessionId = surveys.find((s) => s.id === String(ref).trim().toLowerCase())?.sessionId ?? null;
    return { attendance: { sessions: sessionId ? [sessionId] : [] } };
  });
  const { wording } = chatEnv(ctx, meta, opts);
  const survey = findSurvey(surveys, String(ref));
  const reminder = remindSurvey(survey, members, responses, survey.sessionId ? attendance : null);
  return remindMessage(ctx, store, reminder, meta.settings.name, wording, opts, t('remind.noneSurvey', { survey: survey.id, title: survey.title }));
}

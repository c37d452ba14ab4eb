import { findSurvey, pendingMembers } from '../../core/surveys/surveys.js';
import type { Member } from '../../core/types.js';
import { plural } from '../../core/words.js';
import type { Context } from '../../io/context.js';
import { list } from '../../io/output.js';
import type { Output } from '../../io/output.js';
import { t } from '../../i18n/index.js';

export default async function surveyPending(ctx: Context, [ref]: unknown[]): Promise<Output> {
  const store = await ctx.openStore();
  const { surveys, members, responses } = await store.read(['surveys', 'members', 'responses']);
  const survey = findSurvey(surveys, String(ref));
  const rows = pendingMembers(survey, members, responses);
  return list(
    rows,
    [
      { header: 'id', key: 'id', value: (m: Member) => m.id },
      { header: 'name', key: 'name', value: (m) => m.name },
      { header: 'nick', key: 'nick', value: (m) => m.nick },
      { header: 'qq', key: 'qq', value: (m) => m.qq },
      { header: 'wechat', key: 'wechat', value: (m) => m.wechat },
    ],
    { empty: t('survey.everyActiveMemberHas', { id: survey.id }), footer: t(rows.length === 1 ? 'survey.notAnswered.one' : 'survey.notAnswered', { n: rows.length, id: survey.id, title: survey.title }) },
  );
}

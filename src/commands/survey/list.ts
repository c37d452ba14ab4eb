import type { Survey } from '../../core/surveys/types.js';
import type { Context } from '../../io/context.js';
import { list } from '../../io/output.js';
import type { Output } from '../../io/output.js';
import { t } from '../../i18n/index.js';

export default async function surveyList(ctx: Context): Promise<Output> {
  const store = await ctx.openStore();
  const { surveys, responses } = await store.read(['surveys', 'responses']);
  const rows = surveys.map((s) => ({ ...s, sessionId: s.sessionId ?? null, responseCount: responses.filter((r) => r.surveyId === s.id).length }));
  return list(
    rows,
    [
      { header: 'id', key: 'id', value: (s: Survey & { responseCount: number }) => s.id },
      { header: 'title', key: 'title', value: (s) => s.title },
      { header: 'status', key: 'status', value: (s) => s.status },
      { header: 'anonymous', key: 'anonymous', value: (s) => (s.anonymous ? 'yes' : 'no') },
      { header: 'questions', key: 'questions', value: (s) => s.questions.length },
      { header: 'responses', key: 'responseCount', value: (s) => s.responseCount },
    ],
    { empty: t('survey.noSurveysYetClub') },
  );
}

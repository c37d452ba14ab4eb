import type { Feedback } from '../../core/surveys/types.js';
import type { Context } from '../../io/context.js';
import { list } from '../../io/output.js';
import type { Output } from '../../io/output.js';
import { parseDateRange } from '../session/shared.js';
import { t } from '../../i18n/index.js';

export default async function feedbackList(ctx: Context, _args: unknown[], opts: { from?: string; to?: string }): Promise<Output> {
  const store = await ctx.openStore();
  const { meta, feedback, members } = await store.read(['feedback', 'members']);
  const { from, to } = parseDateRange(ctx, meta, opts);
  const rows = feedback.filter((f) => (!from || f.date >= from) && (!to || f.date < to));
  const name = (id: string | null) => (id ? (members.find((m) => m.id === id)?.name ?? id) : '');
  return list(
    rows,
    [
      { header: 'id', key: 'id', value: (f: Feedback) => f.id },
      { header: 'date', key: 'date', value: (f) => f.date },
      { header: 'from', key: 'memberId', value: (f) => f.memberId, display: (f, s) => (f.memberId ? name(f.memberId) : s.dim('anonymous')) },
      { header: 'text', key: 'text', value: (f) => f.text },
    ],
    { empty: t('survey.noFeedbackInThat') },
  );
}

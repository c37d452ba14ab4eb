import { UsageError } from '../../core/errors.js';
import type { Context } from '../../io/context.js';
import type { Output } from '../../io/output.js';
import { t } from '../../i18n/index.js';
import { commentOf, stepDone, stepTransaction } from './shared.js';

export default async function activityReview(ctx: Context, [ref]: unknown[], opts: { ok?: boolean; return?: boolean; comment?: string }): Promise<Output> {
  if (Boolean(opts.ok) === Boolean(opts.return)) throw new UsageError(t('activity.okOrReturn'));
  const comment = commentOf(opts.comment);
  if (opts.return && !comment) throw new UsageError(t('activity.returnNeedsComment'));
  const { activity, session } = await stepTransaction(ctx, String(ref), opts.ok ? 'review' : 'return', comment);
  return stepDone(activity, session);
}

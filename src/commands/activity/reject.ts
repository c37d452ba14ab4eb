import { UsageError } from '../../core/errors.js';
import type { Context } from '../../io/context.js';
import type { Output } from '../../io/output.js';
import { t } from '../../i18n/index.js';
import { commentOf, stepDone, stepTransaction } from './shared.js';

/** The reason is the step's comment; a --comment given too follows it. */
export default async function activityReject(ctx: Context, [ref]: unknown[], opts: { reason?: string; comment?: string }): Promise<Output> {
  const reason = commentOf(opts.reason, '--reason');
  if (!reason) throw new UsageError(t('activity.rejectNeedsReason'));
  const comment = commentOf(opts.comment);
  const { activity, session } = await stepTransaction(ctx, String(ref), 'reject', comment ? `${reason} — ${comment}` : reason);
  return stepDone(activity, session);
}

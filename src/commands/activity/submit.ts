import type { Context } from '../../io/context.js';
import type { Output } from '../../io/output.js';
import { commentOf, stepDone, stepTransaction } from './shared.js';

export default async function activitySubmit(ctx: Context, [ref]: unknown[], opts: { comment?: string }): Promise<Output> {
  const { activity, session } = await stepTransaction(ctx, String(ref), 'submit', commentOf(opts.comment));
  return stepDone(activity, session);
}

import type { Context } from '../../io/context.js';
import type { Output } from '../../io/output.js';
import { commentOf } from '../activity/shared.js';
import { expenseStep } from './shared.js';

export default async function expenseReject(ctx: Context, [ref]: unknown[], opts: { reason: string }): Promise<Output> {
  return expenseStep(ctx, String(ref), 'reject', () => ({ reason: commentOf(opts.reason, '--reason') }));
}

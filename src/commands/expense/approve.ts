import type { Context } from '../../io/context.js';
import type { Output } from '../../io/output.js';
import { expenseStep } from './shared.js';

export default async function expenseApprove(ctx: Context, [ref]: unknown[], opts: { force?: boolean }): Promise<Output> {
  return expenseStep(ctx, String(ref), 'approve', () => ({ force: opts.force === true }));
}

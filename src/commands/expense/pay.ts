import { requireDateInput } from '../../core/time.js';
import type { Context } from '../../io/context.js';
import type { Output } from '../../io/output.js';
import { expenseStep } from './shared.js';

export default async function expensePay(ctx: Context, [ref]: unknown[], opts: { date?: string }): Promise<Output> {
  return expenseStep(ctx, String(ref), 'pay', (meta) => (opts.date === undefined ? {} : { paidOn: requireDateInput(opts.date, '--date', { now: ctx.now, tz: meta.settings.timezone }).date }));
}

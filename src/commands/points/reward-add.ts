import { UsageError } from '../../core/errors.js';
import { addReward } from '../../core/points/points.js';
import { plural } from '../../core/words.js';
import type { Context } from '../../io/context.js';
import type { Output } from '../../io/output.js';
import { ledgerTransaction } from './shared.js';

const whole = (flag: string, value: string): number => {
  if (!/^\d+$/.test(value.trim()) || Number(value) > 1_000_000) throw new UsageError(`invalid ${flag}: ${JSON.stringify(value)} (expected a whole number >= 0)`);
  return Number(value);
};

export default async function rewardAdd(ctx: Context, [name]: unknown[], opts: { cost: string; stock?: string }): Promise<Output> {
  const cost = whole('--cost', opts.cost);
  const stock = opts.stock === undefined ? null : whole('--stock', opts.stock);
  const reward = await ledgerTransaction(ctx, ['rewards'], (draft, env) => {
    const r = addReward(draft.rewards, draft.meta.counters, { name: String(name), cost, stock }, env);
    draft.rewards = r.rewards;
    draft.meta = { ...draft.meta, counters: r.counters };
    return { result: r.reward, audit: { summary: `added reward ${r.reward.id} (${plural(cost, 'point')}${stock === null ? '' : `, stock ${stock}`})`, refs: [r.reward.id] } };
  });
  return { kind: 'done', data: reward, message: `added ${reward.id} ${reward.name}: ${plural(reward.cost, 'point')}, ${reward.stock === null ? 'unlimited' : `${reward.stock} in stock`}` };
}

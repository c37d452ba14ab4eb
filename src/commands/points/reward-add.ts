import { UsageError } from '../../core/errors.js';
import { addReward } from '../../core/points/points.js';
import { plural, counted } from '../../core/words.js';
import type { Context } from '../../io/context.js';
import type { Output } from '../../io/output.js';
import { ledgerTransaction } from './shared.js';
import { t } from '../../i18n/index.js';

const whole = (flag: string, value: string): number => {
  if (!/^\d+$/.test(value.trim()) || Number(value) > 1_000_000) throw new UsageError(t('points.invalidExpectedAWhole', { flag, value: JSON.stringify(value) }));
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
  return { kind: 'done', data: reward, message: t('points.added', { id: reward.id, name: reward.name, value: counted(reward.cost, 'point'), value2: reward.stock === null ? t('points.unlimited') : t('points.inStock', { stock: reward.stock }) }) };
}

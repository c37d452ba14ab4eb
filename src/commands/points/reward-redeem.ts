import { redeem } from '../../core/points/points.js';
import type { Context } from '../../io/context.js';
import type { Output } from '../../io/output.js';
import { ledgerTransaction } from './shared.js';
import { t } from '../../i18n/index.js';

export default async function rewardRedeem(ctx: Context, [memberRef, rewardRef]: unknown[]): Promise<Output> {
  const r = await ledgerTransaction(ctx, ['rewards'], (draft, env) => {
    const done = redeem({ members: draft.members, ledger: draft.ledger, counters: draft.meta.counters, rewards: draft.rewards, balances: draft.balances }, String(memberRef), String(rewardRef), env);
    draft.ledger = done.ledger;
    draft.rewards = done.rewards;
    draft.meta = { ...draft.meta, counters: done.counters };
    return { result: done, audit: { summary: `${done.member.id} redeemed ${done.reward.id} for ${-done.entry.delta} points`, refs: [done.member.id, done.reward.id, done.entry.id] } };
  }, [String(memberRef)]);
  const stock = r.reward.stock === null ? '' : t('points.left', { stock: r.reward.stock });
  return { kind: 'done', data: { ...r.entry, balance: r.balance, reward: r.reward }, message: t('points.redeemedBalance', { id: r.member.id, name: r.member.name, name2: r.reward.name, cost: r.reward.cost, balance: r.balance, stock }) };
}

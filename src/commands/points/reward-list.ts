import type { Reward } from '../../core/points/points.js';
import type { Context } from '../../io/context.js';
import { list } from '../../io/output.js';
import type { Output } from '../../io/output.js';
import { t } from '../../i18n/index.js';

export default async function rewardList(ctx: Context): Promise<Output> {
  const store = await ctx.openStore();
  const { rewards, ledger } = await store.read(['rewards', 'ledger']);
  const redeemed = new Map<string, number>();
  for (const e of ledger) if (e.kind === 'redeem' && e.ref) redeemed.set(e.ref, (redeemed.get(e.ref) ?? 0) + 1);
  const rows = rewards.map((r) => ({ ...r, redeemed: redeemed.get(r.id) ?? 0 }));
  return list(
    rows,
    [
      { header: 'id', key: 'id', value: (r: Reward & { redeemed: number }) => r.id },
      { header: 'name', key: 'name', value: (r) => r.name },
      { header: 'cost', key: 'cost', value: (r) => r.cost },
      { header: 'stock', key: 'stock', value: (r) => r.stock, display: (r, s) => (r.stock === null ? s.dim('unlimited') : r.stock === 0 ? s.red('0') : String(r.stock)) },
      { header: 'redeemed', key: 'redeemed', value: (r) => r.redeemed },
    ],
    { empty: t('points.noRewardsYetClub') },
  );
}

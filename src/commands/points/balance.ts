import { compareIds } from '../../core/ids.js';
import { resolveMember } from '../../core/members/reference.js';
import { balanceSheet } from '../../core/points/points.js';
import type { BalanceRow } from '../../core/points/points.js';
import { plural } from '../../core/words.js';
import type { Context } from '../../io/context.js';
import { list } from '../../io/output.js';
import type { Output } from '../../io/output.js';
import { t } from '../../i18n/index.js';

export default async function pointsBalance(ctx: Context, [ref]: unknown[]): Promise<Output> {
  const store = await ctx.openStore();
  // Balances as the store keeps them; the ledger itself is not read.
  const { members, balances } = await store.read(['members'], { balances: true });
  const sums = balances ?? new Map<string, number>();
  if (ref !== undefined) {
    const member = resolveMember(members, String(ref));
    const row: BalanceRow = { memberId: member.id, name: member.name, balance: sums.get(member.id) ?? 0 };
    return { kind: 'item', data: row, render: (s) => `${s.bold(member.name)} ${s.dim(member.id)}  ${plural(row.balance, 'point')}` };
  }
  const rows = balanceSheet(members, sums).sort((a, b) => b.balance - a.balance || compareIds(a.memberId, b.memberId));
  return list(
    rows,
    [
      { header: 'id', key: 'memberId', value: (r: BalanceRow) => r.memberId },
      { header: 'name', key: 'name', value: (r) => r.name },
      { header: 'balance', key: 'balance', value: (r) => r.balance },
    ],
    { empty: t('points.noActiveMembers') },
  );
}

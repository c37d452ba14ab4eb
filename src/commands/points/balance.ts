import { resolveMember } from '../../core/members/reference.js';
import { balanceOf } from '../../core/points/ledger.js';
import { balanceSheet } from '../../core/points/points.js';
import type { BalanceRow } from '../../core/points/points.js';
import type { Context } from '../../io/context.js';
import { list } from '../../io/output.js';
import type { Output } from '../../io/output.js';

export default async function pointsBalance(ctx: Context, [ref]: unknown[]): Promise<Output> {
  const store = await ctx.openStore();
  const { members, ledger } = await store.read(['members', 'ledger']);
  if (ref !== undefined) {
    const member = resolveMember(members, String(ref));
    const row: BalanceRow = { memberId: member.id, name: member.name, balance: balanceOf(ledger, member.id) };
    return { kind: 'item', data: row, render: (s) => `${s.bold(member.name)} ${s.dim(member.id)}  ${row.balance} points` };
  }
  const rows = balanceSheet(members, ledger).sort((a, b) => b.balance - a.balance || a.memberId.localeCompare(b.memberId, 'en', { numeric: true }));
  return list(
    rows,
    [
      { header: 'id', key: 'memberId', value: (r: BalanceRow) => r.memberId },
      { header: 'name', key: 'name', value: (r) => r.name },
      { header: 'balance', key: 'balance', value: (r) => r.balance },
    ],
    { empty: 'no active members' },
  );
}

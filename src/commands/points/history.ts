import { resolveMember } from '../../core/members/reference.js';
import { history } from '../../core/points/points.js';
import type { HistoryRow } from '../../core/points/points.js';
import type { Context } from '../../io/context.js';
import { list } from '../../io/output.js';
import type { Output } from '../../io/output.js';
import { t } from '../../i18n/index.js';

export default async function pointsHistory(ctx: Context, [ref]: unknown[]): Promise<Output> {
  const store = await ctx.openStore();
  const { members, ledger } = await store.read(['members', 'ledger']);
  const member = resolveMember(members, String(ref));
  const rows = history(ledger, member.id);
  return list(
    rows,
    [
      { header: 'id', key: 'id', value: (r: HistoryRow) => r.id },
      { header: 'time', key: 'at', value: (r) => r.at, display: (r) => r.at.slice(0, 16).replace('T', ' ') },
      { header: 'kind', key: 'kind', value: (r) => r.kind },
      { header: 'points', key: 'delta', value: (r) => r.delta, display: (r, s) => (r.delta < 0 ? s.red(String(r.delta)) : s.green(`+${r.delta}`)) },
      { header: 'reason', key: 'reason', value: (r) => r.reason },
      { header: 'ref', key: 'ref', value: (r) => r.ref },
      { header: 'balance', key: 'balance', value: (r) => r.balance },
    ],
    { empty: t('points.hasNoPointsYet', { id: member.id, name: member.name }), footer: t('points.balance3', { id: member.id, name: member.name, value: rows.at(-1)?.balance ?? 0 }) },
  );
}

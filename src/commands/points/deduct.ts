import { bookManual, parsePoints } from '../../core/points/points.js';
import { plural } from '../../core/words.js';
import type { Context } from '../../io/context.js';
import type { Output } from '../../io/output.js';
import { ledgerTransaction } from './shared.js';
import { t } from '../../i18n/index.js';

export default async function pointsDeduct(ctx: Context, [ref, amount]: unknown[], opts: { reason?: string }): Promise<Output> {
  const points = parsePoints(String(amount));
  const r = await ledgerTransaction(ctx, [], (draft, env) => {
    const booked = bookManual({ members: draft.members, ledger: draft.ledger, counters: draft.meta.counters, balances: draft.balances }, String(ref), points, 'deduct', opts.reason, env);
    draft.ledger = booked.ledger;
    draft.meta = { ...draft.meta, counters: booked.counters };
    return { result: booked, audit: { summary: `deducted ${plural(points, 'point')} ${booked.member.id}`, refs: [booked.member.id, booked.entry.id] } };
  }, [String(ref)]);
  return { kind: 'done', data: { ...r.entry, balance: r.balance }, message: t('points.balance2', { points, id: r.member.id, name: r.member.name, reason: r.entry.reason, balance: r.balance }) };
}
